package io.latchkey.vault.jpa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.Keysets;

/**
 * Keysets kept in Keycloak's vault ({@code --vault=file} or {@code --vault=keystore}) under one key name. Keycloak's
 * vault resolves names per realm ({@code <realm>_<key>} by default, then {@code <key>} if the vault's key resolvers
 * include {@code KEY_ONLY}), so each realm can have its own keyset, or all share one.
 *
 * <p>A realm's keyset is looked up at most once a second and re-parsed only when the secret changed, so rotating it in
 * the vault needs no restart. A secret that fails to parse is logged and the last good keyset stays in use.
 */
final class VaultSecretKeysets {

    private static final Logger LOG = Logger.getLogger(VaultSecretKeysets.class);
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    private final String vaultKey;
    private final ConcurrentMap<String, Cached> byRealm = new ConcurrentHashMap<>();

    VaultSecretKeysets(String vaultKey) {
        this.vaultKey = vaultKey;
    }

    String vaultKey() {
        return vaultKey;
    }

    /**
     * The realm's keyset from the vault, or empty when the vault holds none for it. Must run in a request for that
     * realm: Keycloak's vault resolves names against the session's realm.
     */
    Optional<CredentialCipher> cipher(KeycloakSession session, RealmModel realm) {
        long now = System.currentTimeMillis();
        Cached cached = byRealm.get(realm.getId());
        if (cached != null && now - cached.checkedAt() < CHECK_INTERVAL_MILLIS) {
            return Optional.ofNullable(cached.cipher());
        }
        if (session.getContext().getRealm() == null || !realm.getId().equals(session.getContext().getRealm().getId())) {
            // Outside the realm's own request the vault would answer for another realm; keep what we had.
            return Optional.ofNullable(cached == null ? null : cached.cipher());
        }
        Cached fresh = load(session, realm, cached, now);
        byRealm.put(realm.getId(), fresh);
        return Optional.ofNullable(fresh.cipher());
    }

    private Cached load(KeycloakSession session, RealmModel realm, Cached previous, long now) {
        try (VaultStringSecret secret = session.vault().getStringSecret("${vault." + vaultKey + "}")) {
            Optional<String> json = secret.get();
            if (json.isEmpty()) {
                return new Cached(now, null, null);
            }
            byte[] digest = sha256(json.get());
            if (previous != null && previous.cipher() != null && Arrays.equals(digest, previous.digest())) {
                return new Cached(now, digest, previous.cipher());
            }
            try {
                CredentialCipher cipher = new CredentialCipher(Keysets.parse(json.get()));
                LOG.infof("Credential vault keyset for realm %s loaded from Keycloak's vault (%s): primary key id %d",
                        realm.getName(), vaultKey, cipher.primaryKeyId());
                return new Cached(now, digest, cipher);
            } catch (IllegalArgumentException e) {
                LOG.errorf("Keycloak vault secret %s for realm %s is not a Tink keyset; keeping the previous one",
                        vaultKey, realm.getName());
                return previous == null ? new Cached(now, null, null) : new Cached(now, previous.digest(),
                        previous.cipher());
            }
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(long checkedAt, byte[] digest, CredentialCipher cipher) {
    }
}
