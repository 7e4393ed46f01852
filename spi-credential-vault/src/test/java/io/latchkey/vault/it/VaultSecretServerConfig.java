package io.latchkey.vault.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.JvmFreshFile;
import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/**
 * The vault with keysets in Keycloak's file vault, and a keyset file as well: the file a realm that keeps its keyset
 * in the vault must never fall back to.
 */
public final class VaultSecretServerConfig extends LatchkeyServerConfig {

    public static final Path VAULT_DIR = Path.of("target/it-keycloak-vault").toAbsolutePath();
    public static final String SECRET_NAME = "latchkey-keyset";
    public static final Path KEYSET = Path.of("target/it-vault-fallback-keyset.json").toAbsolutePath();

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        try {
            Files.createDirectories(VAULT_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config.dependency("com.google.crypto.tink", "tink")
                .option("vault", "file")
                .option("vault-dir", VAULT_DIR.toString())
                .spiOption("credential-vault", "jpa", "keyset-vault-secret", SECRET_NAME)
                .spiOption("credential-vault", "jpa", "keyset-file",
                        JvmFreshFile.of(KEYSET, file -> Keysets.write(Keysets.generate(), file)).toString());
    }

    /** Where Keycloak's file vault looks for the realm's secret (its default REALM_UNDERSCORE_KEY resolver). */
    public static Path secretFile(String realmName) {
        return VAULT_DIR.resolve(realmName.replace("_", "__") + "_" + SECRET_NAME.replace("_", "__"));
    }
}
