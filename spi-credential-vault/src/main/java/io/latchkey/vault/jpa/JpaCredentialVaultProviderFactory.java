package io.latchkey.vault.jpa;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.common.util.Environment;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.latchkey.common.BundleInfo;
import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.KeysetSource;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.CredentialVaultProviderFactory;

/**
 * Where the vault's Tink keysets come from:
 * <ul>
 * <li>{@code --spi-credential-vault--jpa--keyset-file=/path/keyset.json}: one keyset for every realm;</li>
 * <li>{@code --spi-credential-vault--jpa--keyset-vault-secret=<name>}: a keyset per realm (or one shared) in
 * Keycloak's vault, tried first; the file, if also set, serves realms the vault has none for and that do not keep
 * their keyset there (a realm that has used a vault keyset once is marked so, and answers 503 while the secret is
 * unreadable instead of falling back to the file).</li>
 * </ul>
 * Production mode refuses to start with neither; development mode generates a keyset file (with a loud warning) so
 * {@code start-dev} works out of the box.
 */
public final class JpaCredentialVaultProviderFactory
        implements CredentialVaultProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";
    static final String KEYSET_FILE = "keyset-file";
    static final String KEYSET_VAULT_SECRET = "keyset-vault-secret";
    static final String DEV_KEYSET = "data/latchkey/credential-vault-dev-keyset.json";

    private KeysetSource fileKeys;
    private VaultSecretKeysets vaultKeys;

    @Override
    public CredentialVaultProvider create(KeycloakSession session) {
        return new JpaCredentialVaultProvider(session, fileKeys, vaultKeys);
    }

    @Override
    public void init(Config.Scope config) {
        boolean devMode = Environment.isDevMode();
        String vaultSecret = blankToNull(config.get(KEYSET_VAULT_SECRET));
        Path file = keysetFile(blankToNull(config.get(KEYSET_FILE)), vaultSecret != null, devMode);
        vaultKeys = vaultSecret == null ? null : new VaultSecretKeysets(vaultSecret);
        fileKeys = file == null ? null : KeysetSource.open(file, devMode);
    }

    /** The keyset file to use, or null when the vault secret alone is configured. */
    static Path keysetFile(String configured, boolean vaultSecretConfigured, boolean devMode) {
        if (configured != null) {
            return Path.of(configured);
        }
        if (vaultSecretConfigured) {
            return null;
        }
        if (!devMode) {
            throw new IllegalStateException("The credential vault has no encryption key. Production mode needs"
                    + " --spi-credential-vault--jpa--" + KEYSET_FILE + "=/path/to/keyset.json or --spi-credential-vault"
                    + "--jpa--" + KEYSET_VAULT_SECRET + "=<vault secret name> (see the README's credential vault"
                    + " section); start-dev generates a development keyset instead.");
        }
        return Path.of(System.getProperty("kc.home.dir", "."), DEV_KEYSET);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                vault(removed.getKeycloakSession()).removeUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                vault(removed.getKeycloakSession()).removeRealm(removed.getRealm().getId());
            }
        });
    }

    private static JpaCredentialVaultProvider vault(KeycloakSession session) {
        return (JpaCredentialVaultProvider) session.getProvider(CredentialVaultProvider.class, ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(KEYSET_FILE)
                .type("string")
                .helpText("Path of the Tink JSON keyset (AES-256-GCM) that encrypts stored credentials. Required in"
                        + " production mode; re-read when the file changes, so rotation needs no restart.")
                .add()
                .property()
                .name(KEYSET_VAULT_SECRET)
                .type("string")
                .helpText("Name of a Keycloak vault secret holding a Tink JSON keyset, resolved per realm"
                        + " (<realm>_<name>, or <name> with the vault's KEY_ONLY resolver). Tried before keyset-file.")
                .add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        // Key ids are public identifiers inside every ciphertext; no key material is shown.
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.operationalInfo("spi-credential-vault"));
        if (vaultKeys != null) {
            info.put("keyset-vault-secret", vaultKeys.vaultKey());
        }
        if (fileKeys != null) {
            CredentialCipher cipher = fileKeys.cipher();
            info.put("keyset-file", fileKeys.file().toString());
            info.put("primary-key-id", Long.toString(cipher.primaryKeyId()));
            info.put("key-ids", cipher.keyIds().toString());
        }
        return info;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        // The keyset source holds no resources.
    }
}
