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
 * {@code --spi-credential-vault--jpa--keyset-file=/path/keyset.json}: the Tink keyset that encrypts the vault.
 * Production mode refuses to start without it; development mode generates one (with a loud warning) so
 * {@code start-dev} works out of the box.
 */
public final class JpaCredentialVaultProviderFactory
        implements CredentialVaultProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";
    static final String KEYSET_FILE = "keyset-file";
    static final String DEV_KEYSET = "data/latchkey/credential-vault-dev-keyset.json";

    private KeysetSource keys;

    @Override
    public CredentialVaultProvider create(KeycloakSession session) {
        return new JpaCredentialVaultProvider(session, keys);
    }

    @Override
    public void init(Config.Scope config) {
        boolean devMode = Environment.isDevMode();
        keys = KeysetSource.open(keysetFile(config.get(KEYSET_FILE), devMode), devMode);
    }

    static Path keysetFile(String configured, boolean devMode) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        if (!devMode) {
            throw new IllegalStateException("The credential vault has no encryption key. Production mode needs"
                    + " --spi-credential-vault--jpa--" + KEYSET_FILE + "=/path/to/keyset.json (see the README's"
                    + " credential vault section); start-dev generates a development keyset instead.");
        }
        return Path.of(System.getProperty("kc.home.dir", "."), DEV_KEYSET);
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
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        // Key ids are public identifiers inside every ciphertext; no key material is shown.
        CredentialCipher cipher = keys.cipher();
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.operationalInfo("spi-credential-vault"));
        info.put("keyset-file", keys.file().toString());
        info.put("primary-key-id", Long.toString(cipher.primaryKeyId()));
        info.put("key-ids", cipher.keyIds().toString());
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
