package io.latchkey.apikeys.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder.LogHandlers;

import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.vault.crypto.Keysets;

/**
 * The api-keys module with a configured pepper and short usage flush and lifetime job intervals (so tests see usage
 * and the job quickly),
 * plus the credential vault (and Tink), to prove keys work on the vault's endpoints. Every SQL statement Hibernate
 * sends is written to {@link #SQL_LOG} (not the console), so a test can count what a request costs. One configuration
 * for every IT of the module: one Keycloak per test JVM.
 */
public final class ApiKeysServerConfig extends LatchkeyServerConfig {

    /** Test-only pepper: 48 characters, long enough for the 32-byte minimum. */
    public static final String PEPPER = "it-pepper-for-api-keys-0123456789abcdefghijklmnop";
    public static final long USAGE_FLUSH_MILLIS = 200;
    /** The key lifetime job runs this often, so its IT waits seconds; it reads no key of a realm without a policy. */
    public static final long LIFETIME_INTERVAL_MILLIS = 1000;

    /** The server's log file, with org.hibernate.SQL at debug: one line per statement, naming its thread. */
    public static final Path SQL_LOG = Path.of("target/it-server-sql.log").toAbsolutePath();

    private static final Path KEYSET = Path.of("target/it-vault-keyset.json").toAbsolutePath();
    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        config.log().handlers(LogHandlers.CONSOLE, LogHandlers.FILE).handlerLevel(LogHandlers.CONSOLE, "INFO")
                .categoryLevel("org.hibernate.SQL", "debug");
        return config.option("log-file", SQL_LOG.toString()).dependency(GROUP_ID, "latchkey-credential-vault", true)
                .dependency("com.google.crypto.tink", "tink")
                .spiOption("credential-vault", "jpa", "keyset-file", keysetFile().toString())
                .spiOption("api-keys", "jpa", "pepper", PEPPER)
                .spiOption("api-keys", "jpa", "usage-flush-interval", Long.toString(USAGE_FLUSH_MILLIS))
                .spiOption("api-keys", "jpa", "lifetime-interval", Long.toString(LIFETIME_INTERVAL_MILLIS));
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
