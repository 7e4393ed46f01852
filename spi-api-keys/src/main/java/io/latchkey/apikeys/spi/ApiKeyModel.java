package io.latchkey.apikeys.spi;

import java.time.Instant;
import java.util.List;

/**
 * What is known of an API key, never its secret: a snapshot read in one transaction.
 *
 * @param roleIds    ids of the realm and client roles the key may use (roles deleted since are skipped on use)
 * @param rolesOwnerBound whether the key uses only those of its roles its owner still has (self-service keys: a
 *                        user who loses a role loses it on their keys too); admin-made keys keep their roles
 * @param allowedIps CIDR ranges the key may be used from; empty means any address
 */
public record ApiKeyModel(
        String id,
        String realmId,
        String name,
        String displayPrefix,
        String environment,
        String ownerId,
        String ownerUsername,
        String organizationId,
        List<String> roleIds,
        boolean rolesOwnerBound,
        List<String> allowedIps,
        String integration,
        String notes,
        boolean active,
        Instant expiresAt,
        Instant createdAt,
        String createdBy,
        Instant revokedAt,
        String revokedReason,
        Instant lastUsedAt,
        String lastUsedIp,
        long usageCount,
        Instant previousKeyValidUntil) {

    /** ACTIVE, REVOKED or EXPIRED at {@code now}: what an admin troubleshooting a 401 wants to see first. */
    public String status(Instant now) {
        if (!active) {
            return "REVOKED";
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? "EXPIRED" : "ACTIVE";
    }
}
