package io.latchkey.discogs.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/** The Discogs module with the credential vault it stores tokens in (and a keyset of its own), and scribejava. */
public final class DiscogsServerConfig extends LatchkeyServerConfig {

    private static final Path KEYSET = Path.of("target/it-discogs-vault-keyset.json").toAbsolutePath();
    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config.dependency(GROUP_ID, "latchkey-credential-vault", true)
                .dependency("com.google.crypto.tink", "tink")
                .dependency("com.github.scribejava", "scribejava-core")
                .dependency("com.github.scribejava", "scribejava-java8")
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
}
