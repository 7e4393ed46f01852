package io.latchkey.quota.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefillTest {

    @ParameterizedTest(name = "daily at {1}: {0} -> [{2}, {3})")
    @CsvSource({
            "2026-11-22T10:15:00Z, 00:00, 2026-11-22T00:00:00Z, 2026-11-23T00:00:00Z",
            "2026-11-22T00:00:00Z, 00:00, 2026-11-22T00:00:00Z, 2026-11-23T00:00:00Z",
            "2026-11-22T23:59:59Z, 00:00, 2026-11-22T00:00:00Z, 2026-11-23T00:00:00Z",
            "2026-11-22T05:00:00Z, 06:30, 2026-11-21T06:30:00Z, 2026-11-22T06:30:00Z",
            "2026-11-22T07:00:00Z, 06:30, 2026-11-22T06:30:00Z, 2026-11-23T06:30:00Z",
    })
    void dailyWindowsTurnAtTheResetTime(String now, String reset, String start, String end) {
        Refill.Window window = Refill.DAILY.window(Instant.parse(now), LocalTime.parse(reset));
        assertEquals(Instant.parse(start), window.start());
        assertEquals(Instant.parse(end), window.end());
    }

    @Test
    void monthlyWindowsTurnOnTheFirst() {
        Refill.Window window = Refill.MONTHLY.window(Instant.parse("2026-12-31T23:00:00Z"), LocalTime.MIDNIGHT);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), window.start());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), window.end());
    }

    @Test
    void intervalWindowsAreAlignedToTheEpoch() {
        Refill.Window window = Refill.every(3600).window(Instant.parse("2026-11-22T10:15:00Z"), LocalTime.MIDNIGHT);
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), window.start());
        assertEquals(Instant.parse("2026-11-22T11:00:00Z"), window.end());
        assertEquals(2700, window.secondsUntilEnd(Instant.parse("2026-11-22T10:15:00Z")));
        assertEquals(1, window.secondsUntilEnd(Instant.parse("2026-11-22T10:59:59.999Z")));
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> Refill.every(0));
    }
}
