package io.latchkey.quota.spi;

import java.time.Instant;

/**
 * One quota of one subject now: {@code limit} (the plan's, or an admin's {@code override}), {@code used} in the
 * current window, and when that window ends.
 */
public record QuotaStatus(String quota, long limit, long used, Long override, Instant windowStart, Instant resetAt) {

    public long remaining() {
        return Math.max(0, limit - used);
    }
}
