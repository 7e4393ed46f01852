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
import io.latchkey.common.realm.RealmMark;

/**
 * Keysets kept in Keycloak's vault ({@code --vault=file} or {@code --vault=keystore}) under one key name. Keycloak's
 * vault resolves names per realm ({@code <realm>_<key>} by default, then {@code <key>} if the vault's key resolvers
 * include {@code KEY_ONLY}), so each realm can have its own keyset, or all share one.
 *
 * <p>A realm's keyset is looked up at most once a second and re-parsed only when the secret changed, so rotating it in
 * the vault needs no restart. A secret that fails to parse is logged and the last good keyset stays in use.
 *
 * <p>A realm whose keyset has come from the vault once is marked ({@link #SOURCE_ATTRIBUTE}) and keeps to it: while the
 * secret is unreadable the realm's vault answers 503 rather than fall back to the keyset file, whose rows the realm's
 * own keyset could not open later (and the other way round).
 */
final class VaultSecretKeysets {

    private static final Logger LOG = Logger.getLogger(VaultSecretKeysets.class);
    private static final long CHECK_INTERVAL_MILLIS = 1000;
    private static final long WARN_INTERVAL_MILLIS = 10_000;

    /**
     * Realm attribute saying where the realm's keyset is kept; {@value #FROM_VAULT} means Keycloak's vault and nowhere
     * else. Set by the server the first time it reads a keyset from the vault for the realm, or beforehand by the
     * operator.
     */
    static final String SOURCE_ATTRIBUTE = "latchkey.credential-vault.keyset-source";
    static final String FROM_VAULT = "vault";

    private final String vaultKey;
    private final ConcurrentMap<String, Cached> byRealm = new ConcurrentHashMap<>();
    /** Set once, on the first read from the vault: from then on the realm never falls back. */
    private final RealmMark vaultMark = new RealmMark(SOURCE_ATTRIBUTE, FROM_VAULT, "keeps its credential vault keyset in Keycloak's vault");
    private final ConcurrentMap<String, Long> warned = new ConcurrentHashMap<>();

    VaultSecretKeysets(String vaultKey) {
        this.vaultKey = vaultKey;
    }

    String vaultKey() {
        return vaultKey;
    }

    /** Whether the realm keeps its keyset in Keycloak's vault and must not use the keyset file. */
    static boolean keptInVault(RealmModel realm) {
        return FROM_VAULT.equals(realm.getAttribute(SOURCE_ATTRIBUTE));
    }

    /**
     * The realm's keyset from the vault, or empty when the vault holds none for it. Keycloak's vault resolves names
     * against the session's realm, so outside a request for this realm it is read in a short session bound to it.
     */
    Optional<CredentialCipher> cipher(KeycloakSession session, RealmModel realm) {
        long now = System.currentTimeMillis();
        Cached cached = byRealm.get(realm.getId());
        if (cached != null && now - cached.checkedAt() < CHECK_INTERVAL_MILLIS) {
            return Optional.ofNullable(cached.cipher());
        }
        Cached fresh;
        RealmModel current = session.getContext().getRealm();
        if (current != null && realm.getId().equals(current.getId())) {
            fresh = load(session, realm, cached, now);
        } else {
            try (KeycloakSession own = session.getKeycloakSessionFactory().create()) {
                own.getContext().setRealm(realm);
                fresh = load(own, realm, cached, now);
            }
        }
        byRealm.put(realm.getId(), fresh);
        if (fresh.cipher() != null && !keptInVault(realm)) {
            recordVaultSource(session, realm);
        }
        return Optional.ofNullable(fresh.cipher());
    }

    /** The WARN line for a realm whose keyset is kept in the vault but cannot be read; at most every 10 seconds. */
    void warnUnavailable(RealmModel realm, boolean vaultConfigured) {
        long now = System.currentTimeMillis();
        Long last = warned.get(realm.getId());
        if (last != null && now - last < WARN_INTERVAL_MILLIS) {
            return;
        }
        warned.put(realm.getId(), now);
        if (vaultConfigured) {
            LOG.warnf("Keycloak vault secret %s of realm %s is missing or unreadable; the realm keeps its credential"
                    + " vault keyset there, so its vault answers 503 (no fall-back to the keyset file) until the"
                    + " secret is back", vaultKey, realm.getName());
        }
    }

    private void recordVaultSource(KeycloakSession session, RealmModel realm) {
        vaultMark.set(session, realm, "without the vault secret " + vaultKey
                + " its vault answers 503 rather than use the keyset file");
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
                LOG.infof("Credential vault keyset for realm %s loaded from Keycloak's vault (%s): primary key id %d,"
                        + " key ids %s", realm.getName(), vaultKey, cipher.primaryKeyId(), cipher.keyIds());
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
