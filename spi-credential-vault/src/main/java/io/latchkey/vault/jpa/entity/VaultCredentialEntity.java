package io.latchkey.vault.jpa.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One row per (realm, user, service): the encrypted secret and its readable companions. */
@Entity
@Table(name = "LK_VAULT_CREDENTIAL")
@NamedQueries({
        @NamedQuery(name = "lkVaultByUser", query = "select c from VaultCredentialEntity c"
                + " where c.realmId = :realmId and c.userId = :userId order by c.createdAt, c.id"),
        @NamedQuery(name = "lkVaultByService", query = "select c from VaultCredentialEntity c"
                + " where c.realmId = :realmId and c.userId = :userId and c.serviceName = :serviceName"),
        @NamedQuery(name = "lkVaultIdsNotOnKey", query = "select c.id from VaultCredentialEntity c"
                + " where c.realmId = :realmId and c.keyId <> :keyId and c.id > :after order by c.id"),
        @NamedQuery(name = "lkVaultCountByRealm", query = "select count(c) from VaultCredentialEntity c"
                + " where c.realmId = :realmId"),
        @NamedQuery(name = "lkVaultDeleteByUser", query = "delete from VaultCredentialEntity c"
                + " where c.realmId = :realmId and c.userId = :userId"),
        @NamedQuery(name = "lkVaultDeleteByRealm", query = "delete from VaultCredentialEntity c"
                + " where c.realmId = :realmId"),
})
public class VaultCredentialEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "SERVICE_NAME", length = 50, nullable = false)
    private String serviceName;

    @Column(name = "SERVICE_USER_ID", length = 100)
    private String serviceUserId;

    /** Base64 of the Tink AEAD ciphertext; never the plaintext. */
    @Column(name = "SECRET_CIPHERTEXT", length = 16384, nullable = false)
    private String secretCiphertext;

    @Column(name = "KEY_ID", nullable = false)
    private long keyId;

    /** A small JSON object of non-secret details, or null. */
    @Column(name = "METADATA", length = 4096)
    private String metadata;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getServiceName() {
        return serviceName;
    }

    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    public String getServiceUserId() {
        return serviceUserId;
    }

    public void setServiceUserId(String serviceUserId) {
        this.serviceUserId = serviceUserId;
    }

    public String getSecretCiphertext() {
        return secretCiphertext;
    }

    public void setSecretCiphertext(String secretCiphertext) {
        this.secretCiphertext = secretCiphertext;
    }

    public long getKeyId() {
        return keyId;
    }

    public void setKeyId(long keyId) {
        this.keyId = keyId;
    }

    public String getMetadata() {
        return metadata;
    }

    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
