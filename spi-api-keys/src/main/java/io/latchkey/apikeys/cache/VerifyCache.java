package io.latchkey.apikeys.cache;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The node's verified keys, by realm and HMAC of the presented secret, so a verify of a known key reads no database.
 *
 * <p>Bounded: at most {@code maxEntries} snapshots (the oldest insertions go first), each used for at most
 * {@code maxAgeMillis}, and never after the key's expiry or the end of the grace period it was found by. Changes are
 * seen through {@link #invalidateKey}, {@link #invalidateOwner}, {@link #invalidateRealm} and {@link #clear}, called on
 * every node by cluster events and by the poll of the database's change feed.
 *
 * <p>Served only while fresh: {@link #confirmFresh} records the start of the latest poll of the change feed, after
 * which every change committed before that moment has been applied. An entry is served only while that moment is at
 * most {@code maxStalenessMillis} ago; otherwise (a poll failing or late: the database gone, the node stalled) every
 * verify reads the database. So a node serves a changed key for at most {@code maxStalenessMillis} after the change
 * committed, whatever cluster events it heard, measured on its own clock.
 *
 * <p>A load from the database races with invalidations: a snapshot read before a change commits may arrive after the
 * change's event. Loads therefore take a {@link #generation()} before reading and {@link #put} drops the snapshot when
 * any invalidation happened since.
 */
public final class VerifyCache {

    private final int maxEntries;
    private final long maxAgeMillis;
    private final long maxStalenessMillis;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Insertion order, for eviction; an element whose entry was replaced or removed since is skipped. */
    private final Queue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder unconfirmed = new LongAdder();
    private final OwnerVerdicts owners;
    /** Until when (inclusive) entries may be served; before the first poll, never. */
    private volatile long freshUntil = Long.MIN_VALUE;
    private volatile long confirmedAt = Long.MIN_VALUE;

    /**
     * @param maxEntries         0 disables the cache
     * @param maxStalenessMillis how long after the start of the latest successful change-feed poll entries are served
     */
    public VerifyCache(int maxEntries, long maxAgeMillis, long maxStalenessMillis, LongSupplier clock) {
        if (maxEntries < 0 || maxAgeMillis < 0 || maxStalenessMillis < 0) {
            throw new IllegalArgumentException("Cache size, age and staleness must not be negative");
        }
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAgeMillis;
        this.maxStalenessMillis = maxStalenessMillis;
        this.clock = clock;
        this.owners = new OwnerVerdicts(maxEntries, maxAgeMillis, clock);
    }

    /**
     * The verdicts on the owners of cached keys, served under the same freshness as the keys: while the change feed
     * is late, every verify asks Keycloak for the owner.
     */
    public OwnerVerdicts owners() {
        return owners;
    }

    /** The verdict on a cached key's owner (see {@link OwnerVerdicts#get}), or null: ask Keycloak. */
    public OwnerVerdicts.OwnerVerdict owner(String realmId, String ownerId,
            ToLongFunction<String> cachedRevision) {
        return clock.getAsLong() <= freshUntil ? owners.get(realmId, ownerId, cachedRevision) : null;
    }

    public long maxStalenessMillis() {
        return maxStalenessMillis;
    }

    /**
     * Every change committed before {@code pollStartedAt} (this node's clock, read before the poll's query) has been
     * applied: entries may be served until {@code maxStalenessMillis} after it.
     */
    public synchronized void confirmFresh(long pollStartedAt) {
        if (pollStartedAt > confirmedAt) {
            confirmedAt = pollStartedAt;
            freshUntil = pollStartedAt > Long.MAX_VALUE - maxStalenessMillis ? Long.MAX_VALUE
                    : pollStartedAt + maxStalenessMillis;
        }
    }

    /** Whether entries may be served now: the latest poll of the change feed is recent enough. */
    public boolean isFresh() {
        return clock.getAsLong() <= freshUntil;
    }

    /** The start of the latest successful change-feed poll, or {@link Long#MIN_VALUE} before the first. */
    public long confirmedAt() {
        return confirmedAt;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public long maxAgeMillis() {
        return maxAgeMillis;
    }

    public long now() {
        return clock.getAsLong();
    }

    /**
     * The snapshot for this realm's key with HMAC {@code hash}, if one is cached and still usable now: not past its
     * own limits, and the node's view of changes recent enough.
     */
    public VerifiedKey get(String realmId, String hash) {
        String id = id(realmId, hash);
        Entry entry = entries.get(id);
        if (entry == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (now > freshUntil) {
            // Kept: the entry is right again once a poll catches up, which applies every change it missed.
            unconfirmed.increment();
            return null;
        }
        if (now >= entry.key.notAfter()) {
            entries.remove(id, entry);
            return null;
        }
        hits.increment();
        return entry.key;
    }

    /** Taken before a load from the database: {@link #put} keeps what it loaded only if nothing changed since. */
    public long generation() {
        return generation.get();
    }

    /**
     * The latest moment a snapshot loaded now may be used: the maximum age, the key's expiry, the end of a grace
     * period ({@code validUntil} may be null).
     */
    public long notAfter(long now, Long expiresAt, Long validUntil) {
        long notAfter = now + maxAgeMillis;
        if (expiresAt != null && expiresAt > now) {
            notAfter = Math.min(notAfter, expiresAt);
        }
        if (validUntil != null) {
            notAfter = Math.min(notAfter, validUntil);
        }
        return notAfter;
    }

    /** Caches {@code key} unless an invalidation happened after {@code loadedAt} (a {@link #generation()}). */
    public void put(String realmId, VerifiedKey key, long loadedAt) {
        if (maxEntries == 0 || generation.get() != loadedAt || clock.getAsLong() >= key.notAfter()) {
            return;
        }
        Entry entry = new Entry(id(realmId, key.hash()), realmId, key);
        entries.put(entry.id, entry);
        order.add(entry);
        if (generation.get() != loadedAt) {
            // An invalidation ran between the check and the put and may have missed this entry.
            entries.remove(entry.id, entry);
            return;
        }
        inserted.incrementAndGet();
        while (entries.size() > maxEntries) {
            Entry oldest = order.poll();
            if (oldest == null) {
                break;
            }
            entries.remove(oldest.id, oldest);
        }
        if (order.size() > 2 * maxEntries) {
            // Entries removed by invalidation or expiry leave their place in the queue: drop those places.
            order.removeIf(e -> entries.get(e.id) != e);
        }
    }

    public void invalidateKey(String realmId, String keyId) {
        invalidate(e -> e.realmId.equals(realmId) && e.key.key().id().equals(keyId));
    }

    public void invalidateOwner(String realmId, String ownerId) {
        owners.dropOwner(ownerId);
        invalidate(e -> e.realmId.equals(realmId) && e.key.key().ownerId().equals(ownerId));
    }

    public void invalidateRealm(String realmId) {
        owners.dropRealm(realmId);
        invalidate(e -> e.realmId.equals(realmId));
    }

    /** Forgets everything: a node that may have missed events starts cold. */
    public void clear() {
        generation.incrementAndGet();
        entries.clear();
        order.clear();
        owners.clear();
    }

    public int size() {
        return entries.size();
    }

    /** Verifies served from the cache since start (operational info: proves a node really uses it). */
    public long hits() {
        return hits.sum();
    }

    /** Verifies that found an entry but read the database because the change feed had not been polled recently. */
    public long unconfirmed() {
        return unconfirmed.sum();
    }

    /** Snapshots put since start (for tests and operational info). */
    public long inserted() {
        return inserted.get();
    }

    private void invalidate(Predicate<Entry> affected) {
        // The generation moves first, so a load racing with this removal either sees it or is removed by it.
        generation.incrementAndGet();
        entries.values().removeIf(affected);
    }

    private static String id(String realmId, String hash) {
        return realmId + '/' + hash;
    }

    /** Compared by identity: a replaced entry is a different one, even with equal contents. */
    private static final class Entry {
        private final String id;
        private final String realmId;
        private final VerifiedKey key;

        private Entry(String id, String realmId, VerifiedKey key) {
            this.id = id;
            this.realmId = realmId;
            this.key = key;
        }
    }
}
