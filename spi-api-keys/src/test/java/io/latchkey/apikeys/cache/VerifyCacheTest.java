package io.latchkey.apikeys.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.latchkey.apikeys.spi.ApiKeyModel;

/** The node-local verify cache: bounded in entries and age, and never serving what was invalidated. */
class VerifyCacheTest {

    private static final String REALM = "realm-1";
    private final AtomicLong clock = new AtomicLong(1_000_000);

    /** A cache whose change feed was read just now and is never late (the freshness gate has tests of its own). */
    private VerifyCache cache(int size, long maxAge) {
        VerifyCache cache = new VerifyCache(size, maxAge, Long.MAX_VALUE, clock::get);
        cache.confirmFresh(clock.get());
        return cache;
    }

    private static ApiKeyModel key(String id, String owner, Instant expiresAt, List<String> allowedIps) {
        return new ApiKeyModel(id, REALM, "name-" + id, "sk_live_abc...", "live", owner, owner + "-name", null,
                List.of("role-1"), false, allowedIps, null, null, true, expiresAt, Instant.EPOCH, null, null, null,
                null, null, 0, null);
    }

    private VerifiedKey snapshot(VerifyCache cache, String hash, ApiKeyModel key, Long validUntil) {
        return new VerifiedKey(hash, key, VerifiedKey.parse(key.allowedIps()), validUntil != null,
                cache.notAfter(clock.get(), key.expiresAt() == null ? null : key.expiresAt().toEpochMilli(),
                        validUntil));
    }

    private void put(VerifyCache cache, String hash, ApiKeyModel key) {
        cache.put(REALM, snapshot(cache, hash, key, null), cache.generation());
    }

    @Test
    void aCachedKeyIsServedUntilItsMaximumAge() {
        VerifyCache cache = cache(10, 30_000);
        put(cache, "h1", key("k1", "alice", null, List.of()));

        clock.addAndGet(29_999);
        assertNotNull(cache.get(REALM, "h1"));
        assertEquals(1, cache.hits());
        clock.addAndGet(1);
        assertNull(cache.get(REALM, "h1"), "an entry is not served at or past its maximum age");
        assertEquals(0, cache.size(), "and is dropped when found too old");
    }

    @Test
    void anEntryNeverOutlivesItsKeysExpiry() {
        VerifyCache cache = cache(10, 30_000);
        put(cache, "h1", key("k1", "alice", Instant.ofEpochMilli(clock.get() + 5_000), List.of()));

        clock.addAndGet(4_999);
        assertNotNull(cache.get(REALM, "h1"));
        clock.addAndGet(1);
        assertNull(cache.get(REALM, "h1"));
    }

    @Test
    void aGracePeriodSecretIsCachedOnlyUntilTheGraceEnds() {
        VerifyCache cache = cache(10, 30_000);
        cache.put(REALM, snapshot(cache, "old", key("k1", "alice", null, List.of()), clock.get() + 2_000),
                cache.generation());

        clock.addAndGet(1_999);
        assertTrue(cache.get(REALM, "old").previousSecret());
        clock.addAndGet(1);
        assertNull(cache.get(REALM, "old"));
    }

    @Test
    void theCacheHoldsAtMostItsSizeOldestFirstOut() {
        VerifyCache cache = cache(100, 30_000);
        for (int i = 0; i < 1_000; i++) {
            put(cache, "h" + i, key("k" + i, "alice", null, List.of()));
            assertTrue(cache.size() <= 100, "size " + cache.size() + " after " + (i + 1) + " puts");
        }
        assertNull(cache.get(REALM, "h0"));
        assertNull(cache.get(REALM, "h899"));
        assertNotNull(cache.get(REALM, "h900"));
        assertNotNull(cache.get(REALM, "h999"));
    }

    @Test
    void sizeZeroCachesNothing() {
        VerifyCache cache = cache(0, 30_000);
        put(cache, "h1", key("k1", "alice", null, List.of()));
        assertNull(cache.get(REALM, "h1"));
    }

    @Test
    void invalidationsRemoveTheKeyTheOwnersKeysOrTheRealm() {
        VerifyCache cache = cache(10, 30_000);
        put(cache, "a1", key("ka1", "alice", null, List.of()));
        put(cache, "a2", key("ka2", "alice", null, List.of()));
        put(cache, "b1", key("kb1", "bob", null, List.of()));
        cache.put("realm-2", snapshot(cache, "c1", key("kc1", "carol", null, List.of()), null), cache.generation());

        cache.invalidateKey(REALM, "ka1");
        assertNull(cache.get(REALM, "a1"));
        assertNotNull(cache.get(REALM, "a2"));

        cache.invalidateOwner(REALM, "alice");
        assertNull(cache.get(REALM, "a2"));
        assertNotNull(cache.get(REALM, "b1"));

        cache.invalidateRealm(REALM);
        assertNull(cache.get(REALM, "b1"));
        assertNotNull(cache.get("realm-2", "c1"), "another realm's keys stay");

        cache.clear();
        assertNull(cache.get("realm-2", "c1"));
    }

    @Test
    void aLoadThatRacedWithAnInvalidationIsNotCached() {
        VerifyCache cache = cache(10, 30_000);
        long before = cache.generation();
        // The row is read here; meanwhile another node revokes the key and its event arrives.
        cache.invalidateKey(REALM, "k1");
        cache.put(REALM, snapshot(cache, "h1", key("k1", "alice", null, List.of()), null), before);

        assertNull(cache.get(REALM, "h1"), "what was read before the change must not be served after it");
    }

    @Test
    void theSameSecretInAnotherRealmIsAnotherEntry() {
        VerifyCache cache = cache(10, 30_000);
        put(cache, "h1", key("k1", "alice", null, List.of()));
        assertNull(cache.get("realm-2", "h1"));
    }

    @Test
    void aSnapshotCannotBeChangedByItsUsers() {
        VerifyCache cache = cache(10, 30_000);
        List<String> ips = new ArrayList<>(List.of("10.0.0.0/8"));
        ApiKeyModel model = key("k1", "alice", null, List.copyOf(ips));
        VerifiedKey snapshot = snapshot(cache, "h1", model, null);
        cache.put(REALM, snapshot, cache.generation());

        VerifiedKey served = cache.get(REALM, "h1");
        assertSame(snapshot, served);
        assertThrows(UnsupportedOperationException.class, () -> served.allowedRanges().clear());
        assertThrows(UnsupportedOperationException.class, () -> served.key().roleIds().add("role-2"));
        assertThrows(UnsupportedOperationException.class, () -> served.key().allowedIps().add("0.0.0.0/0"));
        assertTrue(served.allows("10.1.2.3"));
        assertTrue(!served.allows("192.168.0.1"));
        assertTrue(!served.allows(null));
    }

    @Test
    void anAllowListWithNoParsableEntryAllowsNothing() {
        VerifyCache cache = cache(10, 30_000);
        VerifiedKey snapshot = snapshot(cache, "h1", key("k1", "alice", null, List.of("not-an-address")), null);
        assertTrue(!snapshot.allows("10.0.0.1"));
    }

    @Test
    void nothingIsServedBeforeTheChangeFeedWasFirstRead() {
        VerifyCache cache = new VerifyCache(10, 30_000, 1_500, clock::get);
        put(cache, "h1", key("k1", "alice", null, List.of()));

        assertNull(cache.get(REALM, "h1"), "a node that never read the feed cannot know what changed");
        assertEquals(1, cache.unconfirmed());
        cache.confirmFresh(clock.get());
        assertNotNull(cache.get(REALM, "h1"), "the entry was kept, and is served once the feed was read");
    }

    @Test
    void entriesAreServedOnlyWhileTheLatestPollIsWithinTheStalenessBound() {
        VerifyCache cache = new VerifyCache(10, 30_000, 1_500, clock::get);
        long pollStart = clock.get();
        cache.confirmFresh(pollStart);
        put(cache, "h1", key("k1", "alice", null, List.of()));

        clock.set(pollStart + 1_500);
        assertNotNull(cache.get(REALM, "h1"), "exactly at the bound: still served");
        assertTrue(cache.isFresh());
        clock.set(pollStart + 1_501);
        assertNull(cache.get(REALM, "h1"), "past the bound without a newer poll: the database decides");
        assertTrue(!cache.isFresh());

        cache.confirmFresh(pollStart + 1_400);
        assertNotNull(cache.get(REALM, "h1"), "a newer poll opens it again, measured from that poll's start");
        clock.set(pollStart + 2_901);
        assertNull(cache.get(REALM, "h1"));
    }

    @Test
    void anOlderPollNeverMovesTheBoundBack() {
        VerifyCache cache = new VerifyCache(10, 30_000, 1_500, clock::get);
        long now = clock.get();
        cache.confirmFresh(now);
        cache.confirmFresh(now - 1_000);
        assertEquals(now, cache.confirmedAt());
        put(cache, "h1", key("k1", "alice", null, List.of()));
        clock.set(now + 1_200);
        assertNotNull(cache.get(REALM, "h1"));
    }
}
