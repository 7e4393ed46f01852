package io.latchkey.apikeys.cluster;

import java.util.Objects;

import org.infinispan.protostream.annotations.ProtoFactory;
import org.infinispan.protostream.annotations.ProtoField;
import org.infinispan.protostream.annotations.ProtoTypeId;
import org.keycloak.cluster.ClusterEvent;

import io.latchkey.apikeys.cache.VerifyCache;

/**
 * Tells every node to forget cached verifies: of one key ({@code keyId}), of one owner's keys ({@code ownerId}), or of
 * a whole realm (neither). Marshalled with ProtoStream, as Keycloak's own cache invalidation events are.
 */
@ProtoTypeId(ApiKeyCacheInvalidation.TYPE_ID)
public final class ApiKeyCacheInvalidation implements ClusterEvent {

    /**
     * ProtoStream type ids are global to the server: Infinispan uses ids below 65536 and Keycloak's start at 65536
     * (65656 in 26.7), so Latchkey's stay far above both.
     */
    public static final int TYPE_ID = 7_360_001;

    public static final String SCOPE_KEY = "key";
    public static final String SCOPE_OWNER = "owner";
    public static final String SCOPE_REALM = "realm";

    @ProtoField(1)
    final String realmId;
    @ProtoField(2)
    final String keyId;
    @ProtoField(3)
    final String ownerId;

    @ProtoFactory
    ApiKeyCacheInvalidation(String realmId, String keyId, String ownerId) {
        this.realmId = Objects.requireNonNull(realmId);
        this.keyId = keyId;
        this.ownerId = ownerId;
    }

    public static ApiKeyCacheInvalidation key(String realmId, String keyId) {
        return new ApiKeyCacheInvalidation(realmId, Objects.requireNonNull(keyId), null);
    }

    public static ApiKeyCacheInvalidation owner(String realmId, String ownerId) {
        return new ApiKeyCacheInvalidation(realmId, null, Objects.requireNonNull(ownerId));
    }

    public static ApiKeyCacheInvalidation realm(String realmId) {
        return new ApiKeyCacheInvalidation(realmId, null, null);
    }

    /** The event as the change feed stores it (see {@link #scope()}). */
    public static ApiKeyCacheInvalidation of(String realmId, String scope, String subject) {
        return switch (scope) {
            case SCOPE_KEY -> key(realmId, subject);
            case SCOPE_OWNER -> owner(realmId, subject);
            case SCOPE_REALM -> realm(realmId);
            default -> throw new IllegalArgumentException("Unknown change scope " + scope);
        };
    }

    public String realmId() {
        return realmId;
    }

    /** What the event covers: {@value #SCOPE_KEY}, {@value #SCOPE_OWNER} or {@value #SCOPE_REALM}. */
    public String scope() {
        return keyId != null ? SCOPE_KEY : ownerId != null ? SCOPE_OWNER : SCOPE_REALM;
    }

    /** The key's or the owner's id; null for a realm. */
    public String subject() {
        return keyId != null ? keyId : ownerId;
    }

    /** Removes what this event names from {@code cache}. */
    public void applyTo(VerifyCache cache) {
        if (keyId != null) {
            cache.invalidateKey(realmId, keyId);
        } else if (ownerId != null) {
            cache.invalidateOwner(realmId, ownerId);
        } else {
            cache.invalidateRealm(realmId);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKeyCacheInvalidation that && realmId.equals(that.realmId)
                && Objects.equals(keyId, that.keyId) && Objects.equals(ownerId, that.ownerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(realmId, keyId, ownerId);
    }

    @Override
    public String toString() {
        return "ApiKeyCacheInvalidation[realm=" + realmId + ", key=" + keyId + ", owner=" + ownerId + "]";
    }
}
