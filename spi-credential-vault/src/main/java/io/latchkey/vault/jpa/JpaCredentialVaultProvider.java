package io.latchkey.vault.jpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.type.TypeReference;

import io.latchkey.vault.crypto.AssociatedData;
import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.KeysetSource;
import io.latchkey.vault.jpa.entity.VaultCredentialEntity;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.DuplicateServiceException;
import io.latchkey.vault.spi.KeysetUnavailableException;
import io.latchkey.vault.spi.ReencryptionResult;
import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/** The vault on Keycloak's own database, through its JPA persistence unit. */
final class JpaCredentialVaultProvider implements CredentialVaultProvider {

    private static final Logger LOG = Logger.getLogger(JpaCredentialVaultProvider.class);
    private static final int REENCRYPT_BATCH = 100;
    private static final TypeReference<Map<String, Object>> METADATA_TYPE = new TypeReference<>() {
    };

    private final KeycloakSession session;
    private final EntityManager em;
    private final KeysetSource fileKeys;
    private final VaultSecretKeysets vaultKeys;

    /** @param fileKeys the keyset file, or null; @param vaultKeys keysets in Keycloak's vault, or null */
    JpaCredentialVaultProvider(KeycloakSession session, KeysetSource fileKeys, VaultSecretKeysets vaultKeys) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.fileKeys = fileKeys;
        this.vaultKeys = vaultKeys;
    }

    @Override
    public boolean isAvailable(RealmModel realm) {
        try {
            cipher(realm);
            return true;
        } catch (KeysetUnavailableException e) {
            return false;
        }
    }

    /**
     * The realm's keyset from Keycloak's vault if it has one there, else the keyset file; never the file for a realm
     * that keeps its keyset in the vault (see {@link VaultSecretKeysets#keptInVault}).
     */
    private CredentialCipher cipher(RealmModel realm) {
        if (vaultKeys != null) {
            Optional<CredentialCipher> fromVault = vaultKeys.cipher(session, realm);
            if (fromVault.isPresent()) {
                return fromVault.get();
            }
        }
        if (VaultSecretKeysets.keptInVault(realm)) {
            if (vaultKeys != null) {
                vaultKeys.warnUnavailable(realm, true);
            } else {
                LOG.warnf("Realm %s keeps its credential vault keyset in Keycloak's vault (realm attribute %s=%s) but"
                        + " this server has no --spi-credential-vault--jpa--keyset-vault-secret: its vault answers 503",
                        realm.getName(), VaultSecretKeysets.SOURCE_ATTRIBUTE, VaultSecretKeysets.FROM_VAULT);
            }
            throw new KeysetUnavailableException(realm.getName());
        }
        if (fileKeys != null) {
            return fileKeys.cipher();
        }
        throw new KeysetUnavailableException(realm.getName());
    }

    @Override
    public List<StoredCredential> list(RealmModel realm, UserModel user) {
        return em.createNamedQuery("lkVaultByUser", VaultCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .getResultStream()
                .map(JpaCredentialVaultProvider::toModel)
                .toList();
    }

    @Override
    public Optional<StoredCredential> findById(RealmModel realm, UserModel user, String id) {
        return owned(realm, user, id).map(JpaCredentialVaultProvider::toModel);
    }

    @Override
    public Optional<StoredCredential> findByService(RealmModel realm, UserModel user, String serviceName) {
        return byService(realm, user, serviceName).map(JpaCredentialVaultProvider::toModel);
    }

    @Override
    public StoredCredential create(RealmModel realm, UserModel user, CredentialInput input) {
        if (byService(realm, user, input.serviceName()).isPresent()) {
            throw new DuplicateServiceException(input.serviceName());
        }
        VaultCredentialEntity entity = new VaultCredentialEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setUserId(user.getId());
        entity.setCreatedAt(System.currentTimeMillis());
        write(realm, entity, input);
        em.persist(entity);
        flushOrDuplicate(input.serviceName());
        return toModel(entity);
    }

    @Override
    public Optional<StoredCredential> replace(RealmModel realm, UserModel user, String id, CredentialInput input) {
        Optional<VaultCredentialEntity> found = owned(realm, user, id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VaultCredentialEntity entity = found.get();
        if (!entity.getServiceName().equals(input.serviceName())
                && byService(realm, user, input.serviceName()).isPresent()) {
            throw new DuplicateServiceException(input.serviceName());
        }
        write(realm, entity, input);
        flushOrDuplicate(input.serviceName());
        return Optional.of(toModel(entity));
    }

    @Override
    public StoredCredential put(RealmModel realm, UserModel user, CredentialInput input) {
        return byService(realm, user, input.serviceName())
                .flatMap(existing -> replace(realm, user, existing.getId(), input))
                .orElseGet(() -> create(realm, user, input));
    }

    @Override
    public Optional<RevealedCredential> reveal(RealmModel realm, UserModel user, String serviceName) {
        return byService(realm, user, serviceName).map(entity -> reveal(realm, entity));
    }

    @Override
    public Optional<RevealedCredential> revealById(RealmModel realm, UserModel user, String id) {
        // em.find is answered from the persistence context when the request already loaded the row.
        return owned(realm, user, id).map(entity -> reveal(realm, entity));
    }

    private RevealedCredential reveal(RealmModel realm, VaultCredentialEntity entity) {
        try {
            String secret = cipher(realm).decrypt(entity.getSecretCiphertext(), associatedData(entity));
            return new RevealedCredential(toModel(entity), secret);
        } catch (CredentialCipher.UndecryptableException e) {
            throw new UndecryptableCredentialException(entity.getServiceName());
        }
    }

    @Override
    public boolean deleteById(RealmModel realm, UserModel user, String id) {
        return owned(realm, user, id).map(this::remove).orElse(false);
    }

    @Override
    public boolean deleteByService(RealmModel realm, UserModel user, String serviceName) {
        return byService(realm, user, serviceName).map(this::remove).orElse(false);
    }

    @Override
    public ReencryptionResult reencrypt(RealmModel realm) {
        CredentialCipher cipher = cipher(realm);
        long primary = cipher.primaryKeyId();
        int moved = 0;
        int undecryptable = 0;
        String after = "";
        while (true) {
            List<String> ids = em.createNamedQuery("lkVaultIdsNotOnKey", String.class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("keyId", primary)
                    .setParameter("after", after)
                    .setMaxResults(REENCRYPT_BATCH)
                    .getResultList();
            if (ids.isEmpty()) {
                break;
            }
            int[] batch = new int[2];
            // Each batch commits on its own, holding row locks only for its rows, so a large realm neither keeps
            // one long transaction open nor loses a user's concurrent update (it waits for the lock instead).
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                EntityManager batchEm = s.getProvider(JpaConnectionProvider.class).getEntityManager();
                for (String id : ids) {
                    VaultCredentialEntity entity = batchEm.find(VaultCredentialEntity.class, id,
                            LockModeType.PESSIMISTIC_WRITE);
                    if (entity == null || entity.getKeyId() == primary) {
                        continue;
                    }
                    byte[] ad = associatedData(entity);
                    try {
                        String secret = cipher.decrypt(entity.getSecretCiphertext(), ad);
                        entity.setSecretCiphertext(cipher.encrypt(secret, ad));
                        entity.setKeyId(primary);
                        batch[0]++;
                    } catch (CredentialCipher.UndecryptableException e) {
                        batch[1]++;
                    }
                }
            });
            moved += batch[0];
            undecryptable += batch[1];
            after = ids.get(ids.size() - 1);
        }
        long total = em.createNamedQuery("lkVaultCountByRealm", Long.class)
                .setParameter("realmId", realm.getId())
                .getSingleResult();
        return new ReencryptionResult(moved, total, undecryptable, primary);
    }

    /** Removes every credential of a user; called when Keycloak removes the user. */
    void removeUser(String realmId, String userId) {
        em.createNamedQuery("lkVaultDeleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    /** Removes every credential of a realm; called when Keycloak removes the realm. */
    void removeRealm(String realmId) {
        em.createNamedQuery("lkVaultDeleteByRealm").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public void close() {
        // The entity manager belongs to the session.
    }

    private void write(RealmModel realm, VaultCredentialEntity entity, CredentialInput input) {
        CredentialCipher cipher = cipher(realm);
        entity.setServiceName(input.serviceName());
        entity.setServiceUserId(input.serviceUserId());
        entity.setMetadata(input.metadata().isEmpty() ? null : toJson(input.metadata()));
        entity.setSecretCiphertext(cipher.encrypt(input.secret(), associatedData(entity)));
        entity.setKeyId(cipher.primaryKeyId());
        entity.setUpdatedAt(System.currentTimeMillis());
    }

    private boolean remove(VaultCredentialEntity entity) {
        em.remove(entity);
        em.flush();
        return true;
    }

    /**
     * A concurrent create of the same service loses on the unique constraint; report it as the duplicate it is.
     * Keycloak's entity manager already converts it to {@link ModelDuplicateException}; a plain
     * {@link PersistenceException} with an integrity-violation SQL state means the same.
     */
    private void flushOrDuplicate(String serviceName) {
        try {
            em.flush();
        } catch (ModelDuplicateException e) {
            throw new DuplicateServiceException(serviceName);
        } catch (PersistenceException e) {
            if (integrityViolation(e)) {
                throw new DuplicateServiceException(serviceName);
            }
            throw e;
        }
    }

    /** SQLState class 23 is "integrity constraint violation" on every database Keycloak supports. */
    private static boolean integrityViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private Optional<VaultCredentialEntity> owned(RealmModel realm, UserModel user, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        VaultCredentialEntity entity = em.find(VaultCredentialEntity.class, id);
        boolean mine = entity != null && entity.getRealmId().equals(realm.getId())
                && entity.getUserId().equals(user.getId());
        return mine ? Optional.of(entity) : Optional.empty();
    }

    private Optional<VaultCredentialEntity> byService(RealmModel realm, UserModel user, String serviceName) {
        return em.createNamedQuery("lkVaultByService", VaultCredentialEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .setParameter("serviceName", serviceName)
                .getResultStream()
                .findFirst();
    }

    private static byte[] associatedData(VaultCredentialEntity entity) {
        return AssociatedData.of(entity.getRealmId(), entity.getUserId(), entity.getServiceName());
    }

    private static StoredCredential toModel(VaultCredentialEntity entity) {
        return new StoredCredential(entity.getId(), entity.getServiceName(), entity.getServiceUserId(),
                entity.getMetadata() == null ? Map.of() : fromJson(entity.getMetadata()),
                Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getUpdatedAt()),
                entity.getKeyId());
    }

    private static String toJson(Map<String, Object> metadata) {
        try {
            return JsonSerialization.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> fromJson(String json) {
        try {
            return JsonSerialization.readValue(json, METADATA_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
