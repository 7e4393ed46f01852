package io.latchkey.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {

    private static final long MINUTE = 60_000;
    private static final long T0 = 1_000 * MINUTE;

    private final RateLimiter single = new RateLimiter(1_000, () -> 1);

    @Test
    void allowsTheLimitPerMinuteThenRefusesUntilTheNextMinute() {
        for (int i = 1; i <= 3; i++) {
            RateLimiter.Outcome outcome = single.hit("realm", "192.0.2.1", 3, T0 + i);
            assertTrue(outcome.allowed());
            assertEquals(3 - i, outcome.remaining());
        }
        RateLimiter.Outcome refused = single.hit("realm", "192.0.2.1", 3, T0 + 30_000);
        assertFalse(refused.allowed());
        assertEquals(30, refused.retryAfterSeconds());
        assertEquals((T0 + MINUTE) / 1000, refused.resetEpochSecond());
        assertTrue(single.hit("realm", "192.0.2.1", 3, T0 + MINUTE).allowed(), "a new minute, a new count");
    }

    @Test
    void scopesAndAddressesCountApart() {
        assertTrue(single.hit("realm-a", "192.0.2.1", 1, T0).allowed());
        assertTrue(single.hit("realm-b", "192.0.2.1", 1, T0).allowed());
        assertTrue(single.hit("realm-a", "192.0.2.2", 1, T0).allowed());
        assertFalse(single.hit("realm-a", "192.0.2.1", 1, T0).allowed());
    }

    @Test
    void ipv6ClientRotatingThroughItsSlash64IsOneClient() {
        for (int i = 1; i <= 5; i++) {
            assertTrue(single.hit("realm", "2001:db8:1:2::" + Integer.toHexString(i), 5, T0).allowed());
        }
        assertFalse(single.hit("realm", "2001:db8:1:2:dead:beef:0:1", 5, T0).allowed());
        assertTrue(single.hit("realm", "2001:db8:1:3::1", 5, T0).allowed(), "the next /64 is another client");
    }

    @Test
    void ipv4MappedAddressCountsAsTheIpv4Address() {
        assertTrue(single.hit("realm", "192.0.2.7", 1, T0).allowed());
        assertFalse(single.hit("realm", "::ffff:192.0.2.7", 1, T0).allowed());
    }

    @Test
    void memoryIsCappedAndTheLeastRecentlySeenClientIsDroppedFirst() {
        RateLimiter limiter = new RateLimiter(640, () -> 1);
        limiter.hit("realm", "198.51.100.1", 1, T0);
        assertFalse(limiter.hit("realm", "198.51.100.1", 1, T0).allowed(), "limited before the flood");
        for (int i = 0; i < 100_000; i++) {
            limiter.hit("realm", "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff), 1, T0);
        }
        assertTrue(limiter.tracked() <= 640, "tracked " + limiter.tracked());
        assertTrue(limiter.tracked() >= 600, "the cap is used, not shrunk: " + limiter.tracked());
        // The flood's oldest clients are gone, its newest are still counted.
        assertTrue(limiter.hit("realm", "10.0.0.0", 1, T0).allowed(), "evicted, so counted afresh");
        assertFalse(limiter.hit("realm", "10.1.134.159", 1, T0).allowed(), "the last client of the flood");
    }

    @Test
    void clientSeenOftenSurvivesAFloodOfNewOnes() {
        RateLimiter limiter = new RateLimiter(64 * 4, () -> 1);
        limiter.hit("realm", "198.51.100.1", 1, T0);
        for (int i = 0; i < 10_000; i++) {
            limiter.hit("realm", "10.0." + (i >> 8 & 0xff) + "." + (i & 0xff), 1, T0);
            if (i % 2 == 0) {
                assertFalse(limiter.hit("realm", "198.51.100.1", 1, T0).allowed());
            }
        }
    }

    @Test
    void eachNodeEnforcesItsShareOfTheLimit() {
        AtomicInteger nodes = new AtomicInteger(3);
        RateLimiter limiter = new RateLimiter(1_000, nodes::get);
        int allowed = 0;
        for (int i = 0; i < 30; i++) {
            allowed += limiter.hit("realm", "192.0.2.1", 60, T0).allowed() ? 1 : 0;
        }
        assertEquals(20, allowed, "60 a minute over 3 nodes is 20 on each");

        nodes.set(1);
        assertTrue(limiter.hit("realm", "192.0.2.1", 60, T0).allowed(), "the view shrank: this node takes it all");
    }

    @Test
    void threeNodesSharingTheTrafficAllowTheLimitInTotal() {
        RateLimiter[] cluster = {new RateLimiter(1_000, () -> 3), new RateLimiter(1_000, () -> 3),
            new RateLimiter(1_000, () -> 3)};
        int allowed = 0;
        for (int i = 0; i < 300; i++) {
            allowed += cluster[i % 3].hit("realm", "2001:db8::" + i, 100, T0).allowed() ? 1 : 0;
        }
        assertEquals(102, allowed, "ceil(100 / 3) = 34 on each node: 1.02 times the limit");
    }

    @ParameterizedTest
    @CsvSource({
        "60, 1, 60", "60, 2, 30", "60, 3, 20", "100, 3, 34", "10, 3, 4", "10, 4, 3", "5, 2, 3", "5, 3, 2",
        "2, 3, 1", "1, 5, 1", "7, 6, 1", "0, 3, 0",
    })
    void shareKeepsTheClusterWithinOnePointTwoTimesTheLimit(int limit, int nodes, int share) {
        assertEquals(share, RateLimiter.share(limit, nodes));
        if (limit >= nodes) {
            assertTrue(share * nodes * 5 <= limit * 6, "within 1.2 times the limit");
        }
    }
}
