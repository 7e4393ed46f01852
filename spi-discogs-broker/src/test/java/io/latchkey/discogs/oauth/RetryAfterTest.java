package io.latchkey.discogs.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

/** How long to tell the user to wait when Discogs answers 429. */
class RetryAfterTest {

    @Test
    void secondsAreTakenAsGiven() {
        assertEquals(7, DiscogsClient.retryAfterSeconds("7"));
        assertEquals(60, DiscogsClient.retryAfterSeconds(" 60 "));
    }

    @Test
    void anHttpDateBecomesTheSecondsUntilIt() {
        String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
        long seconds = DiscogsClient.retryAfterSeconds(inTwoMinutes);
        assertTrue(seconds >= 118 && seconds <= 120, Long.toString(seconds));
    }

    @Test
    void missingOrUnreadableMeansTheDefaultMinute() {
        assertEquals(DiscogsClient.DEFAULT_RETRY_AFTER_SECONDS, DiscogsClient.retryAfterSeconds(null));
        assertEquals(DiscogsClient.DEFAULT_RETRY_AFTER_SECONDS, DiscogsClient.retryAfterSeconds(""));
        assertEquals(DiscogsClient.DEFAULT_RETRY_AFTER_SECONDS, DiscogsClient.retryAfterSeconds("soon"));
    }

    @Test
    void valuesAreBoundedToBetweenASecondAndAnHour() {
        assertEquals(1, DiscogsClient.retryAfterSeconds("0"));
        assertEquals(1, DiscogsClient.retryAfterSeconds("-5"));
        assertEquals(3600, DiscogsClient.retryAfterSeconds("999999999"));
        assertEquals(1, DiscogsClient.retryAfterSeconds("Tue, 01 Jan 2002 00:00:00 GMT"), "a date in the past");
    }
}
