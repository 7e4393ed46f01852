package io.latchkey.apikeys.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * What a verify needs to know of a key's owner, kept per node so a verify of a cached key asks neither Keycloak's
 * user cache (which, in a realm with organizations and fine-grained admin permissions v2, sends three statements per
 * lookup to learn whether the user is a managed member of a disabled organization) nor the database.
 *
 * <p>A verdict is a projection of Keycloak's own cached user, and lives no longer than it:
 * <ul>
 * <li>it is stored with the revision of the {@code CachedUser} entry it was derived from and used only while Keycloak's
 * user cache still holds that very revision ({@code cachedRevision}): an update, an eviction or a cleared cache ends
 * it;</li>
 * <li>every invalidation Keycloak makes, on this node or received from another, bumps a revision in its
 * {@code userRevisions} or {@code realmRevisions} cache, even for an object that was not cached; an invalidation whose
 * key names the owner ({@link #userInvalidated}: the user, their organization membership, their identity links) ends
 * their verdicts, and any realm-cache invalidation (roles, groups, organizations, the realm) ends all
 * ({@link #realmInvalidated});</li>
 * <li>it is used for at most {@code maxAgeMillis}, and only while the {@link VerifyCache} it belongs to is fresh.</li>
 * </ul>
 * A verdict loaded while an invalidation ran is not kept: loads take a {@link #generation} first (one counter per
 * stripe of owners, so other users' changes do not keep a busy owner's verdict from being stored).
 */
public final class OwnerVerdicts {

    static final int STRIPES = 64;

    private final int maxEntries;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final Map<String, OwnerVerdict> verdicts = new ConcurrentHashMap<>();
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);

    public OwnerVerdicts(int maxEntries, long maxAgeMillis, LongSupplier clock) {
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAgeMillis;
        this.clock = clock;
    }

    /**
     * The verdict on this realm's user, if one is kept and Keycloak's user cache still holds the revision it was
     * derived from ({@code cachedRevision} answers -1 when the user is not cached).
     */
    public OwnerVerdict get(String realmId, String ownerId, ToLongFunction<String> cachedRevision) {
        OwnerVerdict verdict = verdicts.get(ownerId);
        if (verdict == null) {
            return null;
        }
        if (!verdict.realmId().equals(realmId) || clock.getAsLong() >= verdict.notAfter()
                || cachedRevision.applyAsLong(ownerId) != verdict.revision()) {
            verdicts.remove(ownerId, verdict);
            return null;
        }
        return verdict;
    }

    /** Taken before the owner is read: {@link #put} keeps the verdict only if no invalidation touched them since. */
    public long generation(String ownerId) {
        return generations.get(stripe(ownerId));
    }

    /**
     * The verdict on {@code ownerId} as Keycloak serves them now, kept when it was derived from Keycloak's cached user
     * at {@code revision} (-1: the user was not cached, so nothing would tell this node of a change: not kept) and no
     * invalidation ran since {@code loadedAt}.
     */
    public OwnerVerdict put(String realmId, String ownerId, boolean active, String username, long revision,
            long loadedAt) {
        OwnerVerdict verdict = new OwnerVerdict(realmId, ownerId, active, username, revision,
                clock.getAsLong() + maxAgeMillis);
        if (maxEntries == 0 || revision < 0 || generation(ownerId) != loadedAt) {
            return verdict;
        }
        if (verdicts.size() >= maxEntries) {
            // Rarely full (one entry per owner of a cached key): start over rather than keep an eviction order.
            verdicts.clear();
        }
        verdicts.put(ownerId, verdict);
        if (generation(ownerId) != loadedAt) {
            // An invalidation ran between the check and the put and may have missed this verdict.
            verdicts.remove(ownerId, verdict);
        }
        return verdict;
    }

    /**
     * Keycloak invalidated the user-cache object {@code key}: a user id, or a key made of ids and names joined by dots
     * ({@code <realm>.org.member.<user>}, {@code <user>.idplinks}, ...). Every verdict on a user the key names ends.
     */
    public void userInvalidated(String key) {
        if (key == null) {
            return;
        }
        int start = 0;
        while (start <= key.length()) {
            int dot = key.indexOf('.', start);
            int end = dot < 0 ? key.length() : dot;
            if (end > start) {
                drop(key.substring(start, end));
            }
            if (dot < 0) {
                break;
            }
            start = dot + 1;
        }
        if (key.indexOf('.') >= 0) {
            // A user id with a dot in it (a federated id) is also dropped whole.
            drop(key);
        }
    }

    /** Keycloak invalidated a realm-cache object (a realm, role, group, client or organization): every verdict ends. */
    public void realmInvalidated() {
        clear();
    }

    public void dropOwner(String ownerId) {
        drop(ownerId);
    }

    public void dropRealm(String realmId) {
        for (int i = 0; i < STRIPES; i++) {
            generations.incrementAndGet(i);
        }
        verdicts.values().removeIf(v -> v.realmId().equals(realmId));
    }

    public void clear() {
        for (int i = 0; i < STRIPES; i++) {
            generations.incrementAndGet(i);
        }
        verdicts.clear();
    }

    public int size() {
        return verdicts.size();
    }

    private void drop(String ownerId) {
        generations.incrementAndGet(stripe(ownerId));
        verdicts.remove(ownerId);
    }

    private static int stripe(String ownerId) {
        return Math.floorMod(ownerId.hashCode(), STRIPES);
    }

    /**
     * The owner as a verify sees them: whether Keycloak serves them enabled (false also for a managed member of a
     * disabled organization), their username, and the answers to "has this role" asked so far.
     */
    public static final class OwnerVerdict {

        private final String realmId;
        private final String ownerId;
        private final boolean active;
        private final String username;
        private final long revision;
        private final long notAfter;
        private final Map<String, Boolean> roles = new ConcurrentHashMap<>();

        OwnerVerdict(String realmId, String ownerId, boolean active, String username, long revision, long notAfter) {
            this.realmId = realmId;
            this.ownerId = ownerId;
            this.active = active;
            this.username = username;
            this.revision = revision;
            this.notAfter = notAfter;
        }

        public String realmId() {
            return realmId;
        }

        public String ownerId() {
            return ownerId;
        }

        public boolean active() {
            return active;
        }

        public String username() {
            return username;
        }

        long revision() {
            return revision;
        }

        long notAfter() {
            return notAfter;
        }

        /**
         * Whether the owner has the role {@code roleId}, asked of Keycloak once per verdict ({@code ask}): role and
         * group changes end the verdict, so the answer holds while it lives.
         */
        public boolean hasRole(String roleId, BooleanSupplier ask) {
            Boolean known = roles.get(roleId);
            if (known == null) {
                known = ask.getAsBoolean();
                roles.put(roleId, known);
            }
            return known;
        }
    }
}
