package io.latchkey.apikeys.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One API key: what it may do, whose it is, and what is known of its use. Revoked keys stay for audit. */
@Entity
@Table(name = "LK_API_KEY")
@NamedQueries({
        @NamedQuery(name = "lkApiKeyByHash", query = "select k from ApiKeyEntity k"
                + " where k.secretHash = :hash and k.realmId = :realmId"),
        @NamedQuery(name = "lkApiKeyByPreviousHash", query = "select k from ApiKeyEntity k"
                + " where k.previousHash = :hash and k.realmId = :realmId and k.previousValidUntil > :now"),
        @NamedQuery(name = "lkApiKeyBySecretHashes", query = "select k from ApiKeyEntity k where k.realmId = :realmId"
                + " and (k.secretHash in :hashes or (k.previousHash in :hashes and k.previousValidUntil > :now))"),
        @NamedQuery(name = "lkApiKeyByOwner", query = "select k from ApiKeyEntity k"
                + " where k.realmId = :realmId and k.ownerId = :ownerId order by k.createdAt desc, k.id"),
        @NamedQuery(name = "lkApiKeyRecordUse", query = "update ApiKeyEntity k"
                + " set k.usageCount = k.usageCount + :uses where k.id = :id"),
        @NamedQuery(name = "lkApiKeyRecordLastUse", query = "update ApiKeyEntity k"
                + " set k.lastUsedAt = :at, k.lastUsedIp = :ip"
                + " where k.id = :id and (k.lastUsedAt is null or k.lastUsedAt < :at)"),
        @NamedQuery(name = "lkApiKeyDeactivateOwner", query = "update ApiKeyEntity k"
                + " set k.active = false, k.revokedAt = :now, k.revokedReason = :reason,"
                + " k.previousHash = null, k.previousValidUntil = null"
                + " where k.realmId = :realmId and k.ownerId = :ownerId and k.active = true"),
        @NamedQuery(name = "lkApiKeyUnusedSince", query = "select k from ApiKeyEntity k"
                + " where k.realmId = :realmId and k.active = true and (k.expiresAt is null or k.expiresAt > :now)"
                + " and coalesce(k.lastUsedAt, k.createdAt) < :before"
                + " and (k.reactivatedAt is null or k.reactivatedAt < :before) order by k.createdAt, k.id"),
        @NamedQuery(name = "lkApiKeyExpiringUnreminded", query = "select k from ApiKeyEntity k"
                + " where k.realmId = :realmId and k.active = true and k.expiryReminderSentAt is null"
                + " and k.expiresAt > :now and k.expiresAt <= :horizon order by k.expiresAt, k.id"),
        @NamedQuery(name = "lkApiKeyExpiredUnrecorded", query = "select k from ApiKeyEntity k"
                + " where k.realmId = :realmId and k.active = true and k.expiryRecordedAt is null"
                + " and k.expiresAt <= :now and k.expiresAt > :since order by k.expiresAt, k.id"),
        @NamedQuery(name = "lkApiKeyCollectsUsage", query = "select count(k) from ApiKeyEntity k where k.id = :id"
                + " and (k.revokedReason is null or k.revokedReason <> :ownerDeleted)"),
        @NamedQuery(name = "lkApiKeyDeleteByRealm", query = "delete from ApiKeyEntity k where k.realmId = :realmId"),
})
public class ApiKeyEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", length = 100, nullable = false)
    private String name;

    /** HMAC-SHA-256 of the key under the pepper (base64url); never the key. */
    @Column(name = "SECRET_HASH", length = 64, nullable = false)
    private String secretHash;

    /** The replaced secret's hash while a regeneration's grace period runs. */
    @Column(name = "PREVIOUS_HASH", length = 64)
    private String previousHash;

    @Column(name = "PREVIOUS_VALID_UNTIL")
    private Long previousValidUntil;

    @Column(name = "DISPLAY_PREFIX", length = 64, nullable = false)
    private String displayPrefix;

    @Column(name = "ENVIRONMENT", length = 16)
    private String environment;

    @Column(name = "OWNER_ID", length = 36, nullable = false)
    private String ownerId;

    /** Kept so the audit trail still names the owner after the user is deleted. */
    @Column(name = "OWNER_USERNAME", length = 255, nullable = false)
    private String ownerUsername;

    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    /** Space-separated role ids. */
    @Column(name = "ROLE_IDS", length = 4000, nullable = false)
    private String roleIds;

    /** Whether the key may use only those of its roles that its owner still has (self-service keys). */
    @Column(name = "ROLES_OWNER_BOUND", nullable = false)
    private boolean rolesOwnerBound;

    /** Space-separated CIDR ranges; null or empty means any address. */
    @Column(name = "ALLOWED_IPS", length = 2000)
    private String allowedIps;

    @Column(name = "INTEGRATION", length = 100)
    private String integration;

    @Column(name = "NOTES", length = 1000)
    private String notes;

    @Column(name = "ACTIVE", nullable = false)
    private boolean active;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "CREATED_BY", length = 36)
    private String createdBy;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOKED_REASON", length = 32)
    private String revokedReason;

    @Column(name = "LAST_USED_AT")
    private Long lastUsedAt;

    @Column(name = "LAST_USED_IP", length = 45)
    private String lastUsedIp;

    @Column(name = "USAGE_COUNT", nullable = false)
    private long usageCount;

    @Column(name = "EXPIRY_REMINDER_SENT_AT")
    private Long expiryReminderSentAt;

    @Column(name = "EXPIRY_RECORDED_AT")
    private Long expiryRecordedAt;

    @Column(name = "REACTIVATED_AT")
    private Long reactivatedAt;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSecretHash() {
        return secretHash;
    }

    public void setSecretHash(String secretHash) {
        this.secretHash = secretHash;
    }

    public String getPreviousHash() {
        return previousHash;
    }

    public void setPreviousHash(String previousHash) {
        this.previousHash = previousHash;
    }

    public Long getPreviousValidUntil() {
        return previousValidUntil;
    }

    public void setPreviousValidUntil(Long previousValidUntil) {
        this.previousValidUntil = previousValidUntil;
    }

    public String getDisplayPrefix() {
        return displayPrefix;
    }

    public void setDisplayPrefix(String displayPrefix) {
        this.displayPrefix = displayPrefix;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public void setOwnerId(String ownerId) {
        this.ownerId = ownerId;
    }

    public String getOwnerUsername() {
        return ownerUsername;
    }

    public void setOwnerUsername(String ownerUsername) {
        this.ownerUsername = ownerUsername;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getRoleIds() {
        return roleIds;
    }

    public void setRoleIds(String roleIds) {
        this.roleIds = roleIds;
    }

    public boolean isRolesOwnerBound() {
        return rolesOwnerBound;
    }

    public void setRolesOwnerBound(boolean rolesOwnerBound) {
        this.rolesOwnerBound = rolesOwnerBound;
    }

    public String getAllowedIps() {
        return allowedIps;
    }

    public void setAllowedIps(String allowedIps) {
        this.allowedIps = allowedIps;
    }

    public String getIntegration() {
        return integration;
    }

    public void setIntegration(String integration) {
        this.integration = integration;
    }

    public String getNotes() {
        return notes;
    }

    public void setNotes(String notes) {
        this.notes = notes;
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public void setRevokedAt(Long revokedAt) {
        this.revokedAt = revokedAt;
    }

    public String getRevokedReason() {
        return revokedReason;
    }

    public void setRevokedReason(String revokedReason) {
        this.revokedReason = revokedReason;
    }

    public Long getLastUsedAt() {
        return lastUsedAt;
    }

    public void setLastUsedAt(Long lastUsedAt) {
        this.lastUsedAt = lastUsedAt;
    }

    public String getLastUsedIp() {
        return lastUsedIp;
    }

    public void setLastUsedIp(String lastUsedIp) {
        this.lastUsedIp = lastUsedIp;
    }

    public long getUsageCount() {
        return usageCount;
    }

    public void setUsageCount(long usageCount) {
        this.usageCount = usageCount;
    }

    public Long getExpiryReminderSentAt() {
        return expiryReminderSentAt;
    }

    public void setExpiryReminderSentAt(Long expiryReminderSentAt) {
        this.expiryReminderSentAt = expiryReminderSentAt;
    }

    public Long getReactivatedAt() {
        return reactivatedAt;
    }

    public void setReactivatedAt(Long reactivatedAt) {
        this.reactivatedAt = reactivatedAt;
    }

    public Long getExpiryRecordedAt() {
        return expiryRecordedAt;
    }

    public void setExpiryRecordedAt(Long expiryRecordedAt) {
        this.expiryRecordedAt = expiryRecordedAt;
    }
}
