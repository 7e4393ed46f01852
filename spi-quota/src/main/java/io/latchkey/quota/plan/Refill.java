package io.latchkey.quota.plan;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * When a quota refills: {@code daily} at a UTC time of day, {@code monthly} on the 1st at that time, or every
 * {@code interval} seconds counted from the epoch (for hourly quotas, and for tests that cannot wait a day).
 * Windows are computed from the clock alone, so a server that was down at the boundary refills on the next use.
 */
public record Refill(Kind kind, long intervalSeconds) {

    public enum Kind {
        DAILY, MONTHLY, INTERVAL
    }

    public static final Refill DAILY = new Refill(Kind.DAILY, 0);
    public static final Refill MONTHLY = new Refill(Kind.MONTHLY, 0);

    public Refill {
        if (kind == Kind.INTERVAL && (intervalSeconds < 1 || intervalSeconds > 366L * 86_400)) {
            throw new IllegalArgumentException("An interval refill needs 1 to 31622400 seconds");
        }
    }

    public static Refill every(long seconds) {
        return new Refill(Kind.INTERVAL, seconds);
    }

    /** The window containing {@code now}: [start, end). */
    public Window window(Instant now, LocalTime resetTimeUtc) {
        switch (kind) {
            case INTERVAL: {
                long start = Math.floorDiv(now.getEpochSecond(), intervalSeconds) * intervalSeconds;
                return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + intervalSeconds));
            }
            case DAILY: {
                ZonedDateTime boundary = now.atZone(ZoneOffset.UTC).with(resetTimeUtc);
                if (boundary.toInstant().isAfter(now)) {
                    boundary = boundary.minusDays(1);
                }
                return new Window(boundary.toInstant(), boundary.plusDays(1).toInstant());
            }
            default: {
                ZonedDateTime boundary = now.atZone(ZoneOffset.UTC).withDayOfMonth(1).with(resetTimeUtc);
                if (boundary.toInstant().isAfter(now)) {
                    boundary = boundary.minusMonths(1);
                }
                return new Window(boundary.toInstant(), boundary.plusMonths(1).toInstant());
            }
        }
    }

    /** {@code daily}, {@code monthly} or {@code interval}, as in the plans' JSON. */
    public String label() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A refill window. */
    public record Window(Instant start, Instant end) {

        /** Whole seconds until the refill, at least 1: what {@code Retry-After} says. */
        public long secondsUntilEnd(Instant now) {
            return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
        }
    }
}
