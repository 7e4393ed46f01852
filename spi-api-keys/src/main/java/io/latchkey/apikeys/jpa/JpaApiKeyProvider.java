package io.latchkey.apikeys.jpa;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;

import org.hibernate.jpa.HibernateHints;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.apikeys.cache.OwnerVerdicts.OwnerVerdict;
import io.latchkey.apikeys.cache.VerifiedKey;
import io.latchkey.apikeys.cache.VerifyCache;
import io.latchkey.apikeys.cluster.ApiKeyCacheInvalidation;
import io.latchkey.apikeys.cluster.KeycloakCacheWatch;
import io.latchkey.apikeys.cluster.VerifyCacheCluster;
import io.latchkey.apikeys.jpa.entity.ApiKeyEntity;
import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.apikeys.keys.KeyHasher;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySearch;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.DailyKeyUsage;
import io.latchkey.apikeys.spi.IssuedApiKey;
import io.latchkey.apikeys.spi.NewApiKey;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerificationCode;

/** API keys in Keycloak's database ({@code LK_API_KEY}), hashed with the realm's pepper. */
public final class JpaApiKeyProvider implements ApiKeyProvider {

    static final Duration MAX_GRACE = Duration.ofHours(24);
    /** Hashes per query of {@link #findBySecrets}: well inside every database's limit on bound parameters. */
    static final int LOOKUP_BATCH = 500;
    /** The revocation reason of a deleted user's keys, which keep no usage statistics. */
    static final String OWNER_DELETED = "owner_deleted";
    /** The length of {@code LK_API_KEY_DAILY_USAGE.OUTCOME}. */
    static final int MAX_OUTCOME = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final PepperSource peppers;
    private final UsageRecorder usage;
    private final VerifyCache cache;
    private final VerifyCacheCluster cluster;
    private final KeycloakCacheWatch watch;
    private final ChangeFeed feed;

    JpaApiKeyProvider(KeycloakSession session, PepperSource peppers, UsageRecorder usage, VerifyCache cache,
            VerifyCacheCluster cluster, KeycloakCacheWatch watch) {
        this.session = session;
        this.peppers = peppers;
        this.usage = usage;
        this.cache = cache;
        this.cluster = cluster;
        this.watch = watch;
        this.feed = new ChangeFeed(session);
    }

    @Override
    public KeyFormat format(RealmModel realm) {
        return ApiKeySettings.of(realm).format();
    }

    @Override
    public boolean recognizes(RealmModel realm, String credential) {
        if (credential == null || credential.length() > 64) {
            return false;
        }
        return ApiKeySettings.acceptedFormats(realm).stream().anyMatch(f -> f.parse(credential).isPresent());
    }

    @Override
    public IssuedApiKey create(RealmModel realm, NewApiKey request) {
        KeyHasher hasher = peppers.hasher(session, realm);
        KeyFormat format = format(realm);
        String secret = format.generate(request.environment(), RANDOM);

        ApiKeyEntity entity = new ApiKeyEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setName(request.name());
        entity.setSecretHash(hasher.hash(secret));
        entity.setDisplayPrefix(format.displayPrefix(secret));
        entity.setEnvironment(request.environment());
        entity.setOwnerId(request.owner().getId());
        entity.setOwnerUsername(request.owner().getUsername());
        entity.setOrganizationId(request.organization() == null ? null : request.organization().getId());
        entity.setRoleIds(request.roles().stream().map(RoleModel::getId).distinct().collect(Collectors.joining(" ")));
        entity.setRolesOwnerBound(request.rolesOwnerBound());
        entity.setAllowedIps(String.join(" ", request.allowedIps()));
        entity.setIntegration(request.integration());
        entity.setNotes(request.notes());
        entity.setActive(true);
        entity.setExpiresAt(request.expiresAt() == null ? null : request.expiresAt().toEpochMilli());
        entity.setCreatedAt(Time.currentTimeMillis());
        entity.setCreatedBy(request.createdBy() == null ? null : request.createdBy().getId());
        em().persist(entity);
        em().flush();
        return new IssuedApiKey(model(entity), secret);
    }

    @Override
    public Optional<ApiKeyModel> get(RealmModel realm, String id) {
        return entity(realm, id, false).map(JpaApiKeyProvider::model);
    }

    @Override
    public List<ApiKeyModel> listByOwner(RealmModel realm, UserModel owner) {
        return em().createNamedQuery("lkApiKeyByOwner", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("ownerId", owner.getId())
                .getResultStream().map(JpaApiKeyProvider::model).toList();
    }

    @Override
    public Stream<ApiKeyModel> search(RealmModel realm, ApiKeySearch search, int first, int max) {
        StringBuilder jpql = new StringBuilder("select k from ApiKeyEntity k where k.realmId = :realmId");
        if (search.organizationId() != null) {
            jpql.append(" and k.organizationId = :organizationId");
        }
        if (search.roleId() != null) {
            // Role ids are UUIDs separated by spaces: padding both sides makes the match exact.
            jpql.append(" and concat(' ', k.roleIds, ' ') like :rolePattern");
        }
        if (search.ownerId() != null) {
            jpql.append(" and k.ownerId = :ownerId");
        }
        if (search.active() != null) {
            jpql.append(" and k.active = :active");
        }
        if (search.environment() != null) {
            jpql.append(" and k.environment = :environment");
        }
        jpql.append(" order by k.createdAt desc, k.id");
        TypedQuery<ApiKeyEntity> query = em().createQuery(jpql.toString(), ApiKeyEntity.class)
                .setParameter("realmId", realm.getId());
        if (search.organizationId() != null) {
            query.setParameter("organizationId", search.organizationId());
        }
        if (search.roleId() != null) {
            query.setParameter("rolePattern", "% " + search.roleId() + " %");
        }
        if (search.ownerId() != null) {
            query.setParameter("ownerId", search.ownerId());
        }
        if (search.active() != null) {
            query.setParameter("active", search.active());
        }
        if (search.environment() != null) {
            query.setParameter("environment", search.environment());
        }
        return query.setFirstResult(first).setMaxResults(max).getResultStream().map(JpaApiKeyProvider::model);
    }

    @Override
    public Optional<ApiKeyModel> revoke(RealmModel realm, String id, String reason) {
        return revoke(realm, id, reason, false);
    }

    @Override
    public Optional<ApiKeyModel> revokeActive(RealmModel realm, String id, String reason) {
        return revoke(realm, id, reason, true);
    }

    /** Under the row's lock, so {@code onlyActive} sees the state no concurrent revoke can change any more. */
    private Optional<ApiKeyModel> revoke(RealmModel realm, String id, String reason, boolean onlyActive) {
        return entity(realm, id, true).filter(entity -> !onlyActive || entity.isActive()).map(entity -> {
            if (entity.isActive()) {
                entity.setActive(false);
                entity.setRevokedAt(Time.currentTimeMillis());
                entity.setRevokedReason(reason);
            }
            // A revoked key's old secret must not outlive it through a regeneration's grace period.
            entity.setPreviousHash(null);
            entity.setPreviousValidUntil(null);
            changed(entity);
            return model(entity);
        });
    }

    @Override
    public Map<String, ApiKeyModel> findBySecrets(RealmModel realm, Collection<String> presented) {
        KeyHasher hasher = null;
        Map<String, String> secretByHash = new HashMap<>();
        for (String secret : presented) {
            if (recognizes(realm, secret)) {
                hasher = hasher == null ? peppers.hasher(session, realm) : hasher;
                secretByHash.put(hasher.hash(secret), secret);
            }
        }
        Map<String, ApiKeyModel> found = new LinkedHashMap<>();
        List<String> hashes = new ArrayList<>(secretByHash.keySet());
        long now = Time.currentTimeMillis();
        for (int from = 0; from < hashes.size(); from += LOOKUP_BATCH) {
            List<ApiKeyEntity> batch = readOnly(em().createNamedQuery("lkApiKeyBySecretHashes", ApiKeyEntity.class))
                    .setParameter("realmId", realm.getId()).setParameter("now", now)
                    .setParameter("hashes", hashes.subList(from, Math.min(from + LOOKUP_BATCH, hashes.size())))
                    .getResultList();
            for (ApiKeyEntity entity : batch) {
                ApiKeyModel key = model(entity);
                // Loaded read-only: detached, so revoking the key next loads it afresh, locked, for writing.
                em().detach(entity);
                String current = secretByHash.get(entity.getSecretHash());
                String previous = entity.getPreviousValidUntil() != null && entity.getPreviousValidUntil() > now
                        ? secretByHash.get(entity.getPreviousHash()) : null;
                if (current != null) {
                    found.put(current, key);
                }
                if (previous != null) {
                    found.put(previous, key);
                }
            }
        }
        return found;
    }

    @Override
    public Optional<ApiKeyModel> reactivate(RealmModel realm, String id) {
        return entity(realm, id, true).map(entity -> {
            if (!entity.isActive()) {
                // Counts as a sign of life: the inactivity rule must not revoke the key again at its next run.
                entity.setReactivatedAt(Time.currentTimeMillis());
            }
            entity.setActive(true);
            entity.setRevokedAt(null);
            entity.setRevokedReason(null);
            changed(entity);
            return model(entity);
        });
    }

    @Override
    public Optional<IssuedApiKey> regenerate(RealmModel realm, String id, Duration grace) {
        return regenerate(realm, id, grace, entity -> {
        });
    }

    @Override
    public Optional<IssuedApiKey> regenerate(RealmModel realm, String id, Duration grace, Instant expiresAt) {
        Long millis = expiresAt == null ? null : expiresAt.toEpochMilli();
        return regenerate(realm, id, grace, entity -> {
            if (!Objects.equals(entity.getExpiresAt(), millis)) {
                entity.setExpiresAt(millis);
                entity.setExpiryReminderSentAt(null);
                entity.setExpiryRecordedAt(null);
            }
        });
    }

    private Optional<IssuedApiKey> regenerate(RealmModel realm, String id, Duration grace,
            Consumer<ApiKeyEntity> alsoChange) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("Grace period must be between 0 and 24 hours");
        }
        KeyHasher hasher = peppers.hasher(session, realm);
        return entity(realm, id, true).map(entity -> {
            String environment = entity.getEnvironment();
            KeyFormat format = format(realm);
            String secret = format.generate(format.environments().isEmpty() ? null : environment, RANDOM);
            if (grace.isZero()) {
                entity.setPreviousHash(null);
                entity.setPreviousValidUntil(null);
            } else {
                entity.setPreviousHash(entity.getSecretHash());
                entity.setPreviousValidUntil(Time.currentTimeMillis() + grace.toMillis());
            }
            entity.setSecretHash(hasher.hash(secret));
            entity.setDisplayPrefix(format.displayPrefix(secret));
            alsoChange.accept(entity);
            changed(entity);
            return new IssuedApiKey(model(entity), secret);
        });
    }

    @Override
    public List<ApiKeyModel> unusedSince(RealmModel realm, Instant before, Instant now, int max) {
        return em().createNamedQuery("lkApiKeyUnusedSince", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("before", before.toEpochMilli())
                .setParameter("now", now.toEpochMilli()).setMaxResults(max)
                .getResultStream().map(JpaApiKeyProvider::model).toList();
    }

    @Override
    public List<ApiKeyModel> expiringUnreminded(RealmModel realm, Instant now, Instant horizon, int max) {
        return em().createNamedQuery("lkApiKeyExpiringUnreminded", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("now", now.toEpochMilli())
                .setParameter("horizon", horizon.toEpochMilli()).setMaxResults(max)
                .getResultStream().map(JpaApiKeyProvider::model).toList();
    }

    @Override
    public Optional<ApiKeyModel> markReminded(RealmModel realm, String id, Instant at) {
        return entity(realm, id, true).filter(entity -> entity.getExpiryReminderSentAt() == null).map(entity -> {
            entity.setExpiryReminderSentAt(at.toEpochMilli());
            return model(entity);
        });
    }

    @Override
    public List<ApiKeyModel> expiredUnrecorded(RealmModel realm, Instant since, Instant now, int max) {
        return em().createNamedQuery("lkApiKeyExpiredUnrecorded", ApiKeyEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("now", now.toEpochMilli())
                .setParameter("since", since.toEpochMilli()).setMaxResults(max)
                .getResultStream().map(JpaApiKeyProvider::model).toList();
    }

    @Override
    public Optional<ApiKeyModel> markExpiryRecorded(RealmModel realm, String id, Instant at) {
        return entity(realm, id, true).filter(entity -> entity.getExpiryRecordedAt() == null).map(entity -> {
            entity.setExpiryRecordedAt(at.toEpochMilli());
            return model(entity);
        });
    }

    /**
     * One HMAC of the presented key, then the node's cache; only a key not cached (or changed since) is read from the
     * database, once, into an immutable snapshot. The owner comes from the node's verdict on them, which lives only as
     * long as Keycloak's cached user it was derived from (see {@link io.latchkey.apikeys.cache.OwnerVerdicts}), else
     * from Keycloak's user cache; the roles from Keycloak's realm cache. Keycloak keeps both coherent across the
     * cluster, so a disabled owner or a lost role counts at once.
     */
    @Override
    public Verification verify(RealmModel realm, String presented, String clientIp) {
        if (!recognizes(realm, presented)) {
            return refused(VerificationCode.NOT_FOUND, null, null);
        }
        String hash = peppers.hasher(session, realm).hash(presented);
        VerifiedKey found = cache.get(realm.getId(), hash);
        if (found == null) {
            found = load(realm, hash);
            if (found == null) {
                // Unknown keys are not cached: see "Caching" in docs/api-keys.md.
                return refused(VerificationCode.NOT_FOUND, null, null);
            }
        }
        ApiKeyModel key = found.key();
        long now = Time.currentTimeMillis();
        if (found.previousSecret() && (key.previousKeyValidUntil() == null
                || now >= key.previousKeyValidUntil().toEpochMilli())) {
            // The snapshot ends with the grace period too; this holds the end to Keycloak's clock, which tests move.
            return refused(VerificationCode.NOT_FOUND, null, null);
        }
        OwnerVerdict verdict = watch.watching() ? cache.owner(realm.getId(), key.ownerId(), watch::cachedRevision)
                : null;
        UserModel owner;
        if (verdict != null) {
            owner = LazyOwner.of(session, realm, verdict);
        } else {
            // Keycloak's user cache, which also serves a managed member of a disabled organization disabled.
            long generation = cache.owners().generation(key.ownerId());
            owner = session.users().getUserById(realm, key.ownerId());
            if (owner != null) {
                verdict = cache.owners().put(realm.getId(), key.ownerId(), owner.isEnabled(), owner.getUsername(),
                        watch.cachedRevision(key.ownerId()), generation);
            }
        }
        if (!key.active() || owner == null || !verdict.active()) {
            return refused(VerificationCode.DISABLED, key, owner);
        }
        if (key.expiresAt() != null && now >= key.expiresAt().toEpochMilli()) {
            return refused(VerificationCode.EXPIRED, key, owner);
        }
        if (!found.allows(clientIp)) {
            return refused(VerificationCode.IP_NOT_ALLOWED, key, owner);
        }
        usage.record(key.id(), now, clientIp);
        List<RoleModel> roles = roles(realm, key);
        if (key.rolesOwnerBound()) {
            UserModel bound = owner;
            OwnerVerdict known = verdict;
            roles = roles.stream().filter(role -> known.hasRole(role.getId(), () -> bound.hasRole(role))).toList();
        }
        return new Verification(VerificationCode.VALID, key, owner, roles, found.previousSecret());
    }

    /** The stored key whose secret (or grace-period secret) has HMAC {@code hash}, cached; null when none. */
    private VerifiedKey load(RealmModel realm, String hash) {
        long generation = cache.generation();
        long now = Time.currentTimeMillis();
        ApiKeyEntity entity = first(readOnly(em().createNamedQuery("lkApiKeyByHash", ApiKeyEntity.class))
                .setParameter("hash", hash).setParameter("realmId", realm.getId()));
        boolean previous = false;
        if (entity == null) {
            entity = first(readOnly(em().createNamedQuery("lkApiKeyByPreviousHash", ApiKeyEntity.class))
                    .setParameter("hash", hash).setParameter("realmId", realm.getId()).setParameter("now", now));
            previous = entity != null;
        }
        if (entity == null
                || !KeyHasher.sameHash(hash, previous ? entity.getPreviousHash() : entity.getSecretHash())) {
            return null;
        }
        ApiKeyModel key = model(entity);
        // Loaded read-only: detached, so a change to this key later in the request loads it afresh for writing.
        em().detach(entity);
        // The key's deadlines are on Keycloak's clock, the cache's own bookkeeping on the node's: the same clock
        // unless a test moved Keycloak's.
        long skew = now - cache.now();
        Long expiresAt = entity.getExpiresAt() == null ? null : entity.getExpiresAt() - skew;
        Long validUntil = previous ? entity.getPreviousValidUntil() - skew : null;
        VerifiedKey loaded = new VerifiedKey(hash, key, VerifiedKey.parse(key.allowedIps()), previous,
                cache.notAfter(cache.now(), expiresAt, validUntil));
        cache.put(realm.getId(), loaded, generation);
        return loaded;
    }

    /** Deactivates a deleted user's keys; the rows stay for audit. */
    void deactivateOwner(String realmId, String ownerId) {
        em().createNamedQuery("lkApiKeyDeactivateOwner").setParameter("realmId", realmId)
                .setParameter("ownerId", ownerId).setParameter("now", Time.currentTimeMillis())
                .setParameter("reason", OWNER_DELETED).executeUpdate();
        // The keys stay for audit; how a deleted person used them does not.
        em().createNamedQuery("lkApiKeyDailyDeleteByOwner").setParameter("realmId", realmId)
                .setParameter("ownerId", ownerId).executeUpdate();
        invalidate(ApiKeyCacheInvalidation.owner(realmId, ownerId));
    }

    void removeRealm(String realmId) {
        em().createNamedQuery("lkApiKeyDailyDeleteByRealm").setParameter("realmId", realmId).executeUpdate();
        em().createNamedQuery("lkApiKeyDeleteByRealm").setParameter("realmId", realmId).executeUpdate();
        realmChanged(realmId);
    }

    @Override
    public void countUse(ApiKeyModel key, String outcome, long quotaUnits) {
        // A hook's code longer than the column would fail every later flush: it is cut to fit instead.
        String stored = outcome.length() > MAX_OUTCOME ? outcome.substring(0, MAX_OUTCOME) : outcome;
        usage.count(key.id(), utcDay(Time.currentTimeMillis()), stored, quotaUnits);
    }

    @Override
    public List<DailyKeyUsage> dailyUsage(RealmModel realm, ApiKeyModel key, LocalDate from, LocalDate to) {
        if (!realm.getId().equals(key.realmId())) {
            return List.of();
        }
        return daily(em().createNamedQuery("lkApiKeyDailyOfKey", Object[].class).setParameter("id", key.id()),
                from, to);
    }

    @Override
    public List<DailyKeyUsage> dailyUsageOfOwner(RealmModel realm, UserModel owner, LocalDate from, LocalDate to) {
        return daily(em().createNamedQuery("lkApiKeyDailyOfOwner", Object[].class)
                .setParameter("realmId", realm.getId()).setParameter("ownerId", owner.getId()), from, to);
    }

    private static List<DailyKeyUsage> daily(TypedQuery<Object[]> query, LocalDate from, LocalDate to) {
        return query.setParameter("from", from).setParameter("to", to).getResultStream()
                .map(row -> new DailyKeyUsage((LocalDate) row[0], (String) row[1], ((Number) row[2]).longValue(),
                        ((Number) row[3]).longValue()))
                .toList();
    }

    /** Deletes the daily usage of days before {@code before}, every realm's; returns how many rows. */
    int pruneDailyUsage(LocalDate before) {
        return em().createNamedQuery("lkApiKeyDailyPrune").setParameter("before", before).executeUpdate();
    }

    static LocalDate utcDay(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public void settingsChanged(RealmModel realm) {
        realmChanged(realm.getId());
    }

    /** The realm's API-key settings or the realm itself changed: every node forgets its cached verifies. */
    void realmChanged(String realmId) {
        invalidate(ApiKeyCacheInvalidation.realm(realmId));
    }

    /** A key changed (revoked, reactivated, regenerated): every node forgets it. */
    private void changed(ApiKeyEntity entity) {
        invalidate(ApiKeyCacheInvalidation.key(entity.getRealmId(), entity.getId()));
    }

    /**
     * Every node's cache must forget what {@code change} covers: the change feed, written in this transaction, bounds
     * when each node does; the cluster event makes it sooner.
     */
    private void invalidate(ApiKeyCacheInvalidation change) {
        feed.record(change);
        cluster.invalidate(session, change);
    }

    /** The key's roles that still exist in the realm. */
    public List<RoleModel> roles(RealmModel realm, ApiKeyModel key) {
        List<RoleModel> roles = new ArrayList<>();
        for (String roleId : key.roleIds()) {
            RoleModel role = session.roles().getRoleById(realm, roleId);
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }

    private Verification refused(VerificationCode code, ApiKeyModel key, UserModel owner) {
        return new Verification(code, key, owner, List.of(), false);
    }

    private Optional<ApiKeyEntity> entity(RealmModel realm, String id, boolean forUpdate) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        ApiKeyEntity entity = forUpdate ? em().find(ApiKeyEntity.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em().find(ApiKeyEntity.class, id);
        return entity != null && realm.getId().equals(entity.getRealmId()) ? Optional.of(entity) : Optional.empty();
    }

    /**
     * The verify path only reads: no dirty checking of the loaded row, and no flush of the session's pending writes
     * before the query (verify runs before anything else in its request).
     */
    private static TypedQuery<ApiKeyEntity> readOnly(TypedQuery<ApiKeyEntity> query) {
        return query.setHint(HibernateHints.HINT_READ_ONLY, true).setFlushMode(FlushModeType.COMMIT);
    }

    private static ApiKeyEntity first(TypedQuery<ApiKeyEntity> query) {
        List<ApiKeyEntity> found = query.setMaxResults(1).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    static ApiKeyModel model(ApiKeyEntity e) {
        return new ApiKeyModel(e.getId(), e.getRealmId(), e.getName(), e.getDisplayPrefix(), e.getEnvironment(),
                e.getOwnerId(), e.getOwnerUsername(), e.getOrganizationId(), split(e.getRoleIds()),
                e.isRolesOwnerBound(), split(e.getAllowedIps()), e.getIntegration(), e.getNotes(), e.isActive(), instant(e.getExpiresAt()),
                Instant.ofEpochMilli(e.getCreatedAt()), e.getCreatedBy(), instant(e.getRevokedAt()),
                e.getRevokedReason(), instant(e.getLastUsedAt()), e.getLastUsedIp(), e.getUsageCount(),
                e.getPreviousHash() == null ? null : instant(e.getPreviousValidUntil()));
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.trim().split(" ")).filter(Objects::nonNull).toList();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public void close() {
        // The entity manager belongs to the session.
    }
}
