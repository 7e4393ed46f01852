package io.latchkey.vault.spi;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * A user's credentials for third-party services, encrypted at rest. Other extensions obtain it with
 * {@code session.getProvider(CredentialVaultProvider.class)}; every call is scoped to one realm and one user, so one
 * user's credentials are never reachable through another's.
 */
public interface CredentialVaultProvider extends Provider {

    /**
     * Whether the server has an encryption key for the realm. Every other call that encrypts or decrypts throws
     * {@link KeysetUnavailableException} when it has not.
     */
    boolean isAvailable(RealmModel realm);

    /** The user's credentials, oldest first, without secrets. */
    List<StoredCredential> list(RealmModel realm, UserModel user);

    Optional<StoredCredential> findById(RealmModel realm, UserModel user, String id);

    Optional<StoredCredential> findByService(RealmModel realm, UserModel user, String serviceName);

    /** @throws DuplicateServiceException when the user already has a credential for the service */
    StoredCredential create(RealmModel realm, UserModel user, CredentialInput input);

    /**
     * Replaces every field of the credential {@code id} (a full PUT), re-encrypting the secret.
     *
     * @return empty when the user has no credential with that id
     * @throws DuplicateServiceException when the new service name is taken by another of the user's credentials
     */
    Optional<StoredCredential> replace(RealmModel realm, UserModel user, String id, CredentialInput input);

    /** Creates or replaces the user's credential for {@code input.serviceName()}: what extensions usually want. */
    StoredCredential put(RealmModel realm, UserModel user, CredentialInput input);

    /**
     * The credential with its decrypted secret, in one lookup. Callers decide who may read it; REST reads are
     * recorded as events by the vault's resources, extensions record their own.
     *
     * @throws UndecryptableCredentialException when the ciphertext does not open for this row
     */
    Optional<RevealedCredential> reveal(RealmModel realm, UserModel user, String serviceName);

    /** As {@link #reveal}, by the credential's id. */
    Optional<RevealedCredential> revealById(RealmModel realm, UserModel user, String id);

    /** Just the decrypted secret; see {@link #reveal}. */
    default Optional<String> readSecret(RealmModel realm, UserModel user, String serviceName) {
        return reveal(realm, user, serviceName).map(RevealedCredential::secret);
    }

    boolean deleteById(RealmModel realm, UserModel user, String id);

    boolean deleteByService(RealmModel realm, UserModel user, String serviceName);

    /** Re-encrypts every row of the realm not on the keyset's primary key. Safe to run on several nodes at once. */
    ReencryptionResult reencrypt(RealmModel realm);
}
