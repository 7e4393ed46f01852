package io.latchkey.apikeys.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.LatchkeyServerConfig;

/**
 * The api-keys module with both a server-wide pepper and a pepper vault secret in Keycloak's file vault: the
 * server-wide pepper is what a realm keeping its pepper in the vault must never fall back to.
 */
public final class PepperVaultServerConfig extends LatchkeyServerConfig {

    public static final Path VAULT_DIR = Path.of("target/it-keycloak-pepper-vault").toAbsolutePath();
    public static final String SECRET_NAME = "latchkey-pepper";

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        try {
            Files.createDirectories(VAULT_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config.option("vault", "file")
                .option("vault-dir", VAULT_DIR.toString())
                .spiOption("api-keys", "jpa", "pepper", ApiKeysServerConfig.PEPPER)
                .spiOption("api-keys", "jpa", "pepper-vault-secret", SECRET_NAME);
    }

    /** Where Keycloak's file vault looks for the realm's secret (its default REALM_UNDERSCORE_KEY resolver). */
    public static Path secretFile(String realmName) {
        return VAULT_DIR.resolve(realmName.replace("_", "__") + "_" + SECRET_NAME.replace("_", "__"));
    }
}
