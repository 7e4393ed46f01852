package io.latchkey.discogs.it;

import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.JvmFreshFile;
import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/**
 * The Discogs module with the credential vault it stores tokens in (and a keyset of its own), scribejava, and the
 * api-keys module (with a test pepper), so the permission tests can present keys.
 */
public final class DiscogsServerConfig extends LatchkeyServerConfig {

    private static final Path KEYSET = Path.of("target/it-discogs-vault-keyset.json");

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config.dependency(GROUP_ID, "latchkey-credential-vault", true)
                .dependency("com.google.crypto.tink", "tink")
                .dependency("com.github.scribejava", "scribejava-core")
                .dependency("com.github.scribejava", "scribejava-java8")
                .dependency(GROUP_ID, "latchkey-api-keys", true)
                .spiOption("api-keys", "jpa", "pepper", "it-pepper-for-discogs-0123456789abcdefghijklmnopq")
                .spiOption("credential-vault", "jpa", "keyset-file",
                        JvmFreshFile.of(KEYSET, file -> Keysets.write(Keysets.generate(), file)).toString());
    }
}
