package io.latchkey.vault.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/** The vault module plus Tink, with a keyset file the tests own (and rotate). */
public final class VaultServerConfig extends LatchkeyServerConfig {

    /** Fresh for every test JVM, so a rotation in one run never leaks into the next. */
    public static final Path KEYSET = Path.of("target/it-vault-keyset.json").toAbsolutePath();

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config.dependency("com.google.crypto.tink", "tink")
                .spiOption("credential-vault", "jpa", "keyset-file", keysetFile().toString());
    }

    private static synchronized Path keysetFile() {
        try {
            if (!Files.exists(KEYSET) || Files.getLastModifiedTime(KEYSET).toMillis() < JVM_START) {
                Files.deleteIfExists(KEYSET);
                Keysets.write(Keysets.generate(), KEYSET);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return KEYSET;
    }

    private static final long JVM_START = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
}
