package io.latchkey.apikeys.lifetime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LifetimePolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-10T15:30:00Z");

    private static LifetimePolicy max(int days) {
        return new LifetimePolicy(days, false, null, null);
    }

    @Test
    void withoutAPolicyAnyExpiryOrNoneIsKept() {
        assertNull(LifetimePolicy.NONE.newKeyExpiry(null, NOW, true).expiresAt());
        Instant far = NOW.plus(Duration.ofDays(9000));
        assertEquals(far, LifetimePolicy.NONE.newKeyExpiry(far, NOW, true).expiresAt());
        assertFalse(LifetimePolicy.NONE.needsJob());
    }

    @Test
    void anExpiryBeyondTheMaximumIsRefusedNamingTheLimit() {
        LifetimePolicy.Decision decision = max(30).newKeyExpiry(Instant.parse("2026-04-11T00:00:01Z"), NOW, false);
        assertTrue(decision.refused());
        assertEquals("Must be at most 30 days from now, this realm's maximum key lifetime: 2026-04-09 at the latest.",
                decision.refusal());
    }

    @Test
    void theLastAllowedDayMayBeNamedAsADate() {
        // "2026-04-09" (works through that day) is stored as the next midnight: 30 days from now ends that day.
        Instant throughTheDay = Instant.parse("2026-04-10T00:00:00Z");
        assertEquals(throughTheDay, max(30).newKeyExpiry(throughTheDay, NOW, true).expiresAt());
        assertTrue(max(30).newKeyExpiry(throughTheDay.plusMillis(1), NOW, true).refused());
    }

    @Test
    void aLimitAtMidnightIsNotRoundedUp() {
        Instant midnight = Instant.parse("2026-03-10T00:00:00Z");
        assertEquals(midnight.plus(Duration.ofDays(1)), max(1).latestExpiry(midnight));
    }

    @Test
    void noExpiryAskedGetsTheMaximum() {
        assertEquals(NOW.plus(Duration.ofDays(30)), max(30).newKeyExpiry(null, NOW, false).expiresAt());
        assertEquals(NOW.plus(Duration.ofDays(30)), max(30).newKeyExpiry(null, NOW, true).expiresAt());
    }

    @Test
    void requiredExpiryRefusesSelfServiceKeysWithoutOneButNotAdminKeys() {
        LifetimePolicy policy = new LifetimePolicy(null, true, null, null);
        assertEquals("This realm requires every key to expire: give expires_at.",
                policy.newKeyExpiry(null, NOW, true).refusal());
        assertNull(policy.newKeyExpiry(null, NOW, false).expiresAt());
        assertFalse(policy.newKeyExpiry(null, NOW, false).refused());
        Instant soon = NOW.plus(Duration.ofDays(3));
        assertEquals(soon, policy.newKeyExpiry(soon, NOW, true).expiresAt());
    }

    @Test
    void requiredExpiryNamesTheMaximumWhenThereIsOne() {
        assertEquals("This realm requires every key to expire: give expires_at, at most 1 day from now.",
                new LifetimePolicy(1, true, null, null).newKeyExpiry(null, NOW, true).refusal());
    }

    @Test
    void aRegeneratedSecretLivesAtMostTheMaximumFromNow() {
        Instant latest = NOW.plus(Duration.ofDays(30));
        assertEquals(latest, max(30).regeneratedExpiry(null, NOW));
        assertEquals(latest, max(30).regeneratedExpiry(NOW.plus(Duration.ofDays(90)), NOW));
        Instant sooner = NOW.plus(Duration.ofDays(2));
        assertEquals(sooner, max(30).regeneratedExpiry(sooner, NOW));
        assertNull(LifetimePolicy.NONE.regeneratedExpiry(null, NOW));
    }

    @ParameterizedTest(name = "last used {0}, created {1}, reactivated {2}: unused = {3}")
    @CsvSource(nullValues = "-", value = {
        // never used: creation counts
        "-,                    2026-03-01T15:29:59Z, -,                    true",
        "-,                    2026-03-01T15:30:00Z, -,                    false",
        // used since creation: the use counts
        "2026-03-05T00:00:00Z, 2026-01-01T00:00:00Z, -,                    false",
        "2026-02-01T00:00:00Z, 2026-01-01T00:00:00Z, -,                    true",
        // reactivated after the inactivity rule revoked it: the reactivation counts
        "2026-02-01T00:00:00Z, 2026-01-01T00:00:00Z, 2026-03-09T00:00:00Z, false",
        "-,                    2026-01-01T00:00:00Z, 2026-02-01T00:00:00Z, true",
    })
    void aKeyIsUnusedWhenItsLastSignOfLifeIsOlderThanTheLimit(Instant lastUsed, Instant created,
            Instant reactivated, boolean unused) {
        LifetimePolicy policy = new LifetimePolicy(null, false, 9, null);
        assertEquals(unused, policy.unused(lastUsed, created, reactivated, NOW));
        assertTrue(policy.needsJob());
    }

    @Test
    void anyRuleMakesTheJobRecordExpiriesInTheRealm() {
        assertTrue(new LifetimePolicy(null, true, null, null).needsJob());
        assertTrue(max(30).needsJob());
        assertTrue(new LifetimePolicy(null, false, null, 3).needsJob());
        assertEquals(NOW.minus(Duration.ofDays(1)), LifetimePolicy.expiriesRecordedSince(NOW));
    }

    @Test
    void withoutTheInactivityRuleNoKeyIsUnused() {
        assertFalse(LifetimePolicy.NONE.unused(null, Instant.EPOCH, null, NOW));
        assertNull(LifetimePolicy.NONE.unusedBefore(NOW));
    }

    @ParameterizedTest(name = "expires {0}, reminded {1}: due = {2}")
    @CsvSource(nullValues = "-", value = {
        "2026-03-17T15:30:00Z, -,                    true",
        "2026-03-17T15:30:01Z, -,                    false",
        "2026-03-10T15:30:01Z, -,                    true",
        // expired already: too late for a reminder
        "2026-03-10T15:30:00Z, -,                    false",
        // once per key
        "2026-03-12T00:00:00Z, 2026-03-09T00:00:00Z, false",
        // never expires
        "-,                    -,                    false",
    })
    void theReminderIsDueOnceWithinItsWindow(Instant expiresAt, Instant remindedAt, boolean due) {
        assertEquals(due, new LifetimePolicy(null, false, null, 7).reminderDue(expiresAt, remindedAt, NOW));
    }

    @ParameterizedTest
    @CsvSource({"0, 1, 1", "3651, 1, 1", "1, 0, 1", "1, 3651, 1", "1, 1, 0", "1, 1, 366"})
    void limitsOutOfRangeAreRefused(int maxLifetime, int unused, int reminder) {
        assertThrows(IllegalArgumentException.class,
                () -> new LifetimePolicy(maxLifetime, false, unused, reminder));
    }
}
