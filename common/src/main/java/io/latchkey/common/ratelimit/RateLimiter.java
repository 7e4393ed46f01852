package io.latchkey.common.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests per client address per minute (fixed windows on the minute), counted in this node's memory: cheap enough
 * to run before every key lookup. Each node counts for itself, so behind a load balancer spreading one client over N
 * nodes the client may reach up to N times the limit; the README says so.
 */
public final class RateLimiter {

    private static final int MAX_TRACKED = 100_000;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Counts one request from {@code address} against {@code limit} per minute.
     *
     * @return the outcome: allowed or not, the remaining count and seconds until the window ends
     */
    public Outcome hit(String scope, String address, int limit, long nowMillis) {
        long minute = nowMillis / 60_000;
        if (counters.size() > MAX_TRACKED) {
            counters.values().removeIf(counter -> counter.minute < minute);
        }
        Counter counter = counters.compute(scope + "|" + address,
                (key, existing) -> existing == null || existing.minute != minute ? new Counter(minute) : existing);
        int count = counter.count.incrementAndGet();
        long resetSeconds = Math.max(1, ((minute + 1) * 60_000 - nowMillis + 999) / 1000);
        return new Outcome(count <= limit, Math.max(0, limit - count), resetSeconds, (minute + 1) * 60);
    }

    /** @param resetEpochSecond when the current window ends */
    public record Outcome(boolean allowed, int remaining, long retryAfterSeconds, long resetEpochSecond) {
    }

    private static final class Counter {
        private final long minute;
        private final AtomicInteger count = new AtomicInteger();

        Counter(long minute) {
            this.minute = minute;
        }
    }
}
