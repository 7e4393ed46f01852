package io.latchkey.apikeys.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.latchkey.apikeys.cluster.ChangeFeedCursor.Change;
import io.latchkey.apikeys.cluster.ChangeFeedCursor.Step;

/** A node's place in the change feed: every committed change applied once, in order, or the cache emptied. */
class ChangeFeedCursorTest {

    private static final ChangeFeedCursor.Reader NEVER = (after, upTo) -> fail("nothing should be read");

    private final List<long[]> reads = new ArrayList<>();

    private static Change change(long seq) {
        return new Change(seq, ApiKeyCacheInvalidation.key("realm-1", "key-" + seq));
    }

    /** A feed holding exactly the rows {@code seqs}, recording each range asked for. */
    private ChangeFeedCursor.Reader feed(long... seqs) {
        return (after, upTo) -> {
            reads.add(new long[] {after, upTo});
            return LongStream.of(seqs).mapToObj(ChangeFeedCursorTest::change).toList();
        };
    }

    private static ChangeFeedCursor startedAt(long counter) {
        ChangeFeedCursor cursor = new ChangeFeedCursor(100);
        cursor.advance(cursor.next(counter, NEVER));
        return cursor;
    }

    private static List<String> keys(Step step) {
        return step.invalidations().stream().map(ApiKeyCacheInvalidation::subject).toList();
    }

    @Test
    void theFirstPollOnlyLearnsThePositionAndStartsCold() {
        ChangeFeedCursor cursor = new ChangeFeedCursor(100);
        Step step = cursor.next(42, NEVER);
        assertTrue(step.clearsAll(), "what was cached before the first poll may predate changes it will never see");
        cursor.advance(step);
        assertEquals(42, cursor.position());
    }

    @Test
    void anUnmovedCounterReadsNothing() {
        ChangeFeedCursor cursor = startedAt(7);
        Step step = cursor.next(7, NEVER);
        assertFalse(step.clearsAll());
        assertTrue(step.invalidations().isEmpty());
    }

    @Test
    void theRowsUpToTheCounterAreAppliedInOrderAndOnlyOnce() {
        ChangeFeedCursor cursor = startedAt(10);
        Step step = cursor.next(13, feed(13, 11, 12));
        assertEquals(List.of("key-11", "key-12", "key-13"), keys(step));
        assertEquals(List.of(10L, 13L), List.of(reads.get(0)[0], reads.get(0)[1]), "reads (position, counter]");
        cursor.advance(step);

        Step again = cursor.next(14, feed(12, 13, 14));
        assertEquals(List.of("key-14"), keys(again), "a row read twice is applied once");
        Step beyond = cursor.next(14, feed(14, 15));
        assertEquals(List.of("key-14"), keys(beyond), "a row past the counter read waits for the next poll");
    }

    @Test
    void aPollThatFailedIsAskedAgainFromTheSamePosition() {
        ChangeFeedCursor cursor = startedAt(10);
        cursor.next(12, feed(11, 12)); // computed, never applied (the transaction failed): not advanced
        assertEquals(10, cursor.position());
        Step retried = cursor.next(12, feed(11, 12));
        assertEquals(List.of("key-11", "key-12"), keys(retried));
    }

    @Test
    void rowsMissingFromTheFeedEmptyTheCache() {
        ChangeFeedCursor cursor = startedAt(10);
        Step pruned = cursor.next(13, feed(13));
        assertTrue(pruned.clearsAll(), "changes 11 and 12 were pruned while this node was away");
        cursor.advance(pruned);
        assertEquals(13, cursor.position());

        Step hole = startedAt(10).next(13, feed(11, 13));
        assertTrue(hole.clearsAll());
        Step shortRead = startedAt(10).next(13, feed(11, 12));
        assertTrue(shortRead.clearsAll());
    }

    @Test
    void aCounterThatWentBackEmptiesTheCacheAndFollowsIt() {
        ChangeFeedCursor cursor = startedAt(50);
        Step step = cursor.next(20, NEVER);
        assertTrue(step.clearsAll(), "after a database restore, numbers 21..50 will be given to new changes");
        cursor.advance(step);
        assertEquals(List.of("key-21"), keys(cursor.next(21, feed(21))));
    }

    @Test
    void tooFarBehindEmptiesTheCacheWithoutReading() {
        ChangeFeedCursor cursor = startedAt(0);
        Step step = cursor.next(101, NEVER);
        assertTrue(step.clearsAll());
        cursor.advance(step);
        assertEquals(101, cursor.position());
        assertFalse(startedAt(0).next(100, feed(LongStream.rangeClosed(1, 100).toArray())).clearsAll(),
                "a full batch is still read");
    }
}
