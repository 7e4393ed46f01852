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

/**
 * Where the pepper of the keys' HMAC comes from: Keycloak's vault (per realm, {@code <realm>_<name>}), tried first,
 * else the server configuration. A realm with neither cannot issue or check keys (503), and production mode refuses
 * to start when neither is configured: the pepper is never silently absent.
 */
final class PepperSource {

    private static final Logger LOG = Logger.getLogger(PepperSource.class);
    private static final long VAULT_CHECK_MILLIS = 10_000;

    private final KeyHasher configured;
    private final String vaultSecret;
    private final ConcurrentMap<String, Cached> fromVault = new ConcurrentHashMap<>();

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

    /** @throws PepperUnavailableException when neither the vault nor the configuration has a pepper for the realm */
    KeyHasher hasher(KeycloakSession session, RealmModel realm) {
        if (vaultSecret != null) {
            Optional<KeyHasher> vaulted = vaultHasher(session, realm);
            if (vaulted.isPresent()) {
                return vaulted.get();
            }
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
        boolean inRealm = session.getContext().getRealm() != null
                && realm.getId().equals(session.getContext().getRealm().getId());
        if (cached != null && (now - cached.at() < VAULT_CHECK_MILLIS || !inRealm)) {
            return Optional.ofNullable(cached.hasher());
        }
        if (!inRealm) {
            // Keycloak's vault resolves names against the session's realm; outside it the answer would be wrong.
            return Optional.empty();
        }
        KeyHasher hasher = null;
        try (VaultStringSecret secret = session.vault().getStringSecret("${vault." + vaultSecret + "}")) {
            Optional<String> value = secret.get();
            if (value.isPresent()) {
                hasher = hasher(value.get(), "Keycloak's vault secret " + vaultSecret);
            }
        } catch (IllegalStateException e) {
            LOG.errorf("Keycloak vault secret %s for realm %s is not a usable pepper: %s", vaultSecret,
                    realm.getName(), e.getMessage());
            hasher = cached == null ? null : cached.hasher();
        }
        fromVault.put(realm.getId(), new Cached(now, hasher));
        return Optional.ofNullable(hasher);
    }

    private record Cached(long at, KeyHasher hasher) {
    }
}
