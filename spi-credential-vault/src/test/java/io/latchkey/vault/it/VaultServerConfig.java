package io.latchkey.vault.it;

import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.JvmFreshFile;
import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/** The vault module plus Tink, with a keyset file the tests own (and rotate). */
public final class VaultServerConfig extends LatchkeyServerConfig {

    /** Fresh for every test JVM, so a rotation in one run never leaks into the next. */
    public static final Path KEYSET = Path.of("target/it-vault-keyset.json").toAbsolutePath();

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config.dependency("com.google.crypto.tink", "tink")
                .spiOption("credential-vault", "jpa", "keyset-file",
                        JvmFreshFile.of(KEYSET, file -> Keysets.write(Keysets.generate(), file)).toString());
    }
}
