package io.latchkey.apikeys.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.latchkey.apikeys.cache.VerifyCache;

/**
 * This node's place in the database's feed of API-key changes, and what each poll must do to its {@link VerifyCache}.
 *
 * <p>Every change takes the next number of one counter row, and writes its feed row, in the transaction that makes the
 * change. The counter row stays locked until that transaction ends, so numbers are committed in order and without gaps:
 * when a poll reads the counter as {@code n}, every change numbered up to {@code n} is committed and readable. A poll
 * therefore reads exactly the rows after its position up to the counter, with no window of time to guess and no
 * dependence on the nodes' clocks. Whatever does not fit that picture (rows missing because they were pruned while this
 * node was away, a counter that went backwards after a database restore, more changes than one read should carry)
 * empties the cache instead: a node that cannot tell what it missed starts cold.
 */
public final class ChangeFeedCursor {

    /** Not started: the first poll only learns where the feed is. */
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final int maxBatch;
    private long position = NOT_STARTED;

    /** @param maxBatch the most rows one poll reads; further behind, the cache is emptied instead */
    public ChangeFeedCursor(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("A poll must be able to read at least one change");
        }
        this.maxBatch = maxBatch;
    }

    /** One committed change: its number in the feed and what it invalidates. */
    public record Change(long seq, ApiKeyCacheInvalidation invalidation) {
    }

    /** Reads the feed's rows numbered after {@code after} up to {@code upTo}, inclusive, in any order. */
    @FunctionalInterface
    public interface Reader {
        List<Change> read(long after, long upTo);
    }

    /**
     * What a poll found: invalidations to apply in order, or everything to forget ({@code reason} says why), and the
     * position the cursor takes once that is applied ({@link #advance}).
     */
    public record Step(List<ApiKeyCacheInvalidation> invalidations, String reason, long position) {

        public Step {
            invalidations = List.copyOf(invalidations);
        }

        static Step clear(String reason, long position) {
            return new Step(List.of(), reason, position);
        }

        public boolean clearsAll() {
            return reason != null;
        }

        public void applyTo(VerifyCache cache) {
            if (clearsAll()) {
                cache.clear();
            } else {
                invalidations.forEach(invalidation -> invalidation.applyTo(cache));
            }
        }
    }

    /** The number of the last change applied; {@link Long#MIN_VALUE} before the first poll. */
    public long position() {
        return position;
    }

    /**
     * What to do to reach {@code counter}, the feed's counter just read, reading what lies between through
     * {@code reader}. The cursor stays where it is until {@link #advance} (after the step was applied), so a poll that
     * fails half-way is simply asked again.
     */
    public Step next(long counter, Reader reader) {
        if (position == NOT_STARTED) {
            return Step.clear("the change feed is read from number " + counter + " on", counter);
        }
        if (counter == position) {
            return new Step(List.of(), null, counter);
        }
        if (counter < position) {
            return Step.clear("the change feed's counter went back to " + counter + " (a restored database?)",
                    counter);
        }
        if (counter - position > maxBatch) {
            return Step.clear((counter - position) + " changes since the last poll, more than one read carries",
                    counter);
        }
        List<Change> rows = new ArrayList<>(reader.read(position, counter));
        rows.sort(Comparator.comparingLong(Change::seq));
        List<ApiKeyCacheInvalidation> found = new ArrayList<>();
        long expected = position + 1;
        for (Change row : rows) {
            if (row.seq() < expected || row.seq() > counter) {
                continue; // read twice, or not asked for
            }
            if (row.seq() != expected) {
                break;
            }
            found.add(row.invalidation());
            expected++;
        }
        long missing = counter + 1 - expected;
        if (missing > 0) {
            return Step.clear(missing + " changes up to number " + counter + " are no longer in the feed", counter);
        }
        return new Step(found, null, counter);
    }

    /** {@code step} has been applied to the cache. */
    public void advance(Step step) {
        position = step.position();
    }
}
