package io.latchkey.apikeys.jpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

import io.latchkey.apikeys.keys.KeyHasher;
import io.latchkey.apikeys.spi.PepperUnavailableException;
import io.latchkey.common.realm.RealmMark;

/**
 * Where the pepper of the keys' HMAC comes from: Keycloak's vault (per realm, {@code <realm>_<name>}), tried first,
 * else the server configuration. A realm with neither cannot issue or check keys (503), and production mode refuses
 * to start when neither is configured: the pepper is never silently absent. A realm whose pepper has come from the
 * vault once keeps to it: while the secret is unreadable its keys answer 503, never the server-wide pepper.
 */
final class PepperSource {

    private static final Logger LOG = Logger.getLogger(PepperSource.class);
    private static final long VAULT_CHECK_MILLIS = 10_000;

    /**
     * Realm attribute saying where the realm's pepper is kept; {@value #FROM_VAULT} means Keycloak's vault and nowhere
     * else. Set by the server the first time a pepper is read from the vault for the realm, or beforehand by the
     * operator, so not even the first key is hashed under the server-wide pepper.
     */
    static final String SOURCE_ATTRIBUTE = "latchkey.api-keys.pepper-source";
    static final String FROM_VAULT = "vault";

    private final KeyHasher configured;
    private final String vaultSecret;
    private final ConcurrentMap<String, Cached> fromVault = new ConcurrentHashMap<>();
    /** Set once, on the first read from the vault: from then on the realm never falls back. */
    private final RealmMark vaultMark = new RealmMark(SOURCE_ATTRIBUTE, FROM_VAULT, "keeps its API-key pepper in Keycloak's vault");
    private final ConcurrentMap<String, Long> warned = new ConcurrentHashMap<>();

    PepperSource(KeyHasher configured, String vaultSecret) {
        this.configured = configured;
        this.vaultSecret = vaultSecret;
    }

    static KeyHasher hasher(String pepper, String origin) {
        try {
            return new KeyHasher(pepper.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The API-key pepper from " + origin + " is too short: use at least 32"
                    + " random bytes, e.g. the output of `openssl rand -base64 48`", e);
        }
    }

    /**
     * The pepper in {@code file}. A missing file is generated in development mode only (with a loud warning) and is
     * an error in production mode.
     */
    static String read(Path file, boolean generateIfMissing) {
        try {
            if (!Files.exists(file)) {
                if (!generateIfMissing) {
                    throw new IllegalStateException("API-key pepper file " + file + " does not exist. Create it with:"
                            + " openssl rand -base64 48 > " + file);
                }
                byte[] random = new byte[48];
                new SecureRandom().nextBytes(random);
                Files.createDirectories(file.getParent());
                createOwnerOnly(file);
                Files.writeString(file, Base64.getEncoder().encodeToString(random));
                LOG.warnf("%n%s%nAPI KEYS: generated a DEVELOPMENT pepper at %s.%nFine for start-dev, never for"
                        + " production: kc.sh start refuses to run without --spi-api-keys--jpa--pepper (or a vault"
                        + " secret). Keys issued under this pepper stop working when it changes.%n%s",
                        "=".repeat(100), file, "=".repeat(100));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the API-key pepper file " + file, e);
        }
    }

    /** Created rw------- where the file system has POSIX permissions: the pepper is as secret as the keys. */
    private static void createOwnerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /**
     * The realm's pepper. A realm that keeps its pepper in Keycloak's vault (see {@link #SOURCE_ATTRIBUTE}) gets it
     * from there or not at all: falling back to the server-wide pepper would hash new keys under a pepper that stops
     * matching them when the vault secret is back, and would reject every key issued under the vault's.
     *
     * @throws PepperUnavailableException when the realm's pepper cannot be had now
     */
    KeyHasher hasher(KeycloakSession session, RealmModel realm) {
        boolean keptInVault = FROM_VAULT.equals(realm.getAttribute(SOURCE_ATTRIBUTE));
        if (vaultSecret != null) {
            Optional<KeyHasher> vaulted = vaultHasher(session, realm);
            if (vaulted.isPresent()) {
                if (!keptInVault) {
                    recordVaultSource(session, realm);
                }
                return vaulted.get();
            }
        } else if (keptInVault) {
            warnOncePerInterval(realm, () -> LOG.warnf("Realm %s keeps its API-key pepper in Keycloak's vault (realm"
                    + " attribute %s=%s) but this server has no --spi-api-keys--jpa--pepper-vault-secret: API keys of"
                    + " the realm answer 503 until it is set", realm.getName(), SOURCE_ATTRIBUTE, FROM_VAULT));
        }
        if (keptInVault) {
            throw PepperUnavailableException.vaultUnreadable(realm.getName());
        }
        if (configured == null) {
            throw new PepperUnavailableException(realm.getName());
        }
        return configured;
    }

    String vaultSecret() {
        return vaultSecret;
    }

    boolean hasConfigured() {
        return configured != null;
    }

    private Optional<KeyHasher> vaultHasher(KeycloakSession session, RealmModel realm) {
        long now = System.currentTimeMillis();
        Cached cached = fromVault.get(realm.getId());
        if (cached != null && now - cached.at() < VAULT_CHECK_MILLIS) {
            return Optional.ofNullable(cached.hasher());
        }
        KeyHasher hasher = null;
        try {
            Optional<String> value = readVault(session, realm);
            if (value.isPresent()) {
                hasher = hasher(value.get(), "Keycloak's vault secret " + vaultSecret);
            } else if (FROM_VAULT.equals(realm.getAttribute(SOURCE_ATTRIBUTE))) {
                LOG.warnf("Keycloak vault secret %s of realm %s is missing or unreadable; the realm keeps its API-key"
                        + " pepper there, so its API keys answer 503 (no fall-back to the server-wide pepper) until"
                        + " the secret is back", vaultSecret, realm.getName());
            }
        } catch (IllegalStateException e) {
            LOG.errorf("Keycloak vault secret %s for realm %s is not a usable pepper: %s", vaultSecret,
                    realm.getName(), e.getMessage());
            hasher = cached == null ? null : cached.hasher();
        }
        fromVault.put(realm.getId(), new Cached(now, hasher));
        return Optional.ofNullable(hasher);
    }

    /**
     * Keycloak's vault resolves names against the session's realm, so outside a request for this realm the secret
     * is read in a short session of its own that is bound to it.
     */
    private Optional<String> readVault(KeycloakSession session, RealmModel realm) {
        RealmModel current = session.getContext().getRealm();
        if (current != null && realm.getId().equals(current.getId())) {
            return readVault(session);
        }
        try (KeycloakSession own = session.getKeycloakSessionFactory().create()) {
            own.getContext().setRealm(realm);
            return readVault(own);
        }
    }

    private Optional<String> readVault(KeycloakSession session) {
        try (VaultStringSecret secret = session.vault().getStringSecret("${vault." + vaultSecret + "}")) {
            return secret.get();
        }
    }

    private void recordVaultSource(KeycloakSession session, RealmModel realm) {
        vaultMark.set(session, realm, "without the vault secret " + vaultSecret
                + " its keys answer 503 rather than fall back to the server-wide pepper");
    }

    private void warnOncePerInterval(RealmModel realm, Runnable warning) {
        long now = System.currentTimeMillis();
        Long last = warned.get(realm.getId());
        if (last == null || now - last >= VAULT_CHECK_MILLIS) {
            warned.put(realm.getId(), now);
            warning.run();
        }
    }

    private record Cached(long at, KeyHasher hasher) {
    }
}
