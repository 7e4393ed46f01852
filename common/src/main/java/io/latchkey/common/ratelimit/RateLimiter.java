package io.latchkey.common.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Requests per client per minute (fixed windows on the minute), counted in this node's memory: cheap enough to run
 * before every key lookup.
 *
 * <ul>
 * <li><b>Who is a client</b>: see {@link ClientKey}; IPv6 clients are counted per /64.</li>
 * <li><b>Cluster</b>: each node allows its share of the limit, {@link #share}: the limit divided by the number of nodes
 * in the cluster view, so a client spread over the nodes by the load balancer gets the limit in total (at most 1.2
 * times it once rounded, when the limit is at least the number of nodes). A client that reaches one node only gets
 * that node's share: stricter, never looser.</li>
 * <li><b>Memory</b>: at most {@code maxEntries} clients are tracked, in segments that each drop their least recently
 * seen client when full. A request costs one hash lookup in one segment; nothing scans the whole table.</li>
 * </ul>
 */
public final class RateLimiter {

    /** Enough for a minute of 100 000 distinct clients; an entry is about 150 bytes. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    private static final int SEGMENTS = 64;

    private final Segment[] segments = new Segment[SEGMENTS];
    private final IntSupplier clusterSize;
    private final int capacity;

    /** Tracks up to {@link #DEFAULT_MAX_ENTRIES} clients, and splits limits over the nodes of Keycloak's cluster. */
    public RateLimiter() {
        this(DEFAULT_MAX_ENTRIES);
    }

    /** Tracks up to {@code maxEntries} clients, and splits limits over the nodes of Keycloak's cluster. */
    public RateLimiter(int maxEntries) {
        this(maxEntries, new ClusterSize());
    }

    /**
     * @param maxEntries the most clients tracked at once (rounded up to a multiple of the segment count)
     * @param clusterSize the number of nodes that share each limit, asked on every request (so keep it cheap)
     */
    public RateLimiter(int maxEntries, IntSupplier clusterSize) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        int perSegment = Math.max(1, (maxEntries + SEGMENTS - 1) / SEGMENTS);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(perSegment);
        }
        this.capacity = perSegment * SEGMENTS;
        this.clusterSize = clusterSize;
    }

    /**
     * Counts one request from {@code address} against {@code limit} per minute across the cluster.
     *
     * @param scope what the limit is for (e.g. a realm id): separate counts per scope
     * @return the outcome: allowed or not, what remains of this node's share, and seconds until the window ends
     */
    public Outcome hit(String scope, String address, int limit, long nowMillis) {
        long minute = nowMillis / 60_000;
        int nodeLimit = share(limit, clusterSize.getAsInt());
        String key = scope + "|" + ClientKey.of(address);
        int count = segments[index(key)].increment(key, minute);
        long resetSeconds = Math.max(1, ((minute + 1) * 60_000 - nowMillis + 999) / 1000);
        return new Outcome(count <= nodeLimit, Math.max(0, nodeLimit - count), resetSeconds, (minute + 1) * 60);
    }

    /**
     * This node's share of {@code limit} when {@code nodes} nodes count: the limit divided by the nodes, rounded up
     * while the nodes together allow at most 1.2 times the limit, else rounded down; at least 1.
     */
    static int share(int limit, int nodes) {
        if (nodes <= 1 || limit <= 0) {
            return limit;
        }
        int up = (int) (((long) limit + nodes - 1) / nodes);
        if ((long) up * nodes * 5 <= (long) limit * 6) {
            return up;
        }
        return Math.max(1, limit / nodes);
    }

    /** The most clients tracked at once: {@code maxEntries} rounded up to a multiple of the segment count. */
    public int capacity() {
        return capacity;
    }

    /** How many clients are tracked now (for tests and metrics; counts each segment under its lock). */
    public int tracked() {
        int total = 0;
        for (Segment segment : segments) {
            total += segment.size();
        }
        return total;
    }

    private static int index(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        return h & (SEGMENTS - 1);
    }

    /** @param resetEpochSecond when the current window ends */
    public record Outcome(boolean allowed, int remaining, long retryAfterSeconds, long resetEpochSecond) {
    }

    /**
     * One slice of the table, in access order, so the entry dropped when it is full is the one seen least recently
     * (a client of an earlier minute before any of this minute's).
     */
    private static final class Segment {

        private final Map<String, Counter> counters;

        Segment(int capacity) {
            this.counters = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized int increment(String key, long minute) {
            Counter counter = counters.get(key);
            if (counter == null || counter.minute != minute) {
                counter = new Counter(minute);
                counters.put(key, counter);
            }
            return ++counter.count;
        }

        synchronized int size() {
            return counters.size();
        }
    }

    private static final class Counter {
        private final long minute;
        private int count;

        Counter(long minute) {
            this.minute = minute;
        }
    }
}
