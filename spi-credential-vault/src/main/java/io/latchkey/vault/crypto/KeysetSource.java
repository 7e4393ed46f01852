package io.latchkey.vault.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * The vault keyset, read from a Tink JSON keyset file and re-read when the file changes, so an operator rotates keys
 * by replacing the file (see {@link KeysetTool}) without a restart. A file that fails to parse is logged and the
 * last good keyset stays in use: a half-written file never takes the vault down.
 */
public final class KeysetSource {

    private static final Logger LOG = Logger.getLogger(KeysetSource.class);
    private static final long CHECK_INTERVAL_MILLIS = 1000;

    private final Path file;
    private final LongSupplier clock;
    private volatile Loaded loaded;
    private volatile long lastCheck;

    private KeysetSource(Path file, LongSupplier clock) {
        this.file = file;
        this.clock = clock;
        this.loaded = load();
        this.lastCheck = clock.getAsLong();
    }

    /**
     * @param generateIfMissing development mode only: create a fresh keyset when the file does not exist
     * @throws IllegalStateException when the file is missing (and may not be generated) or is not a keyset
     */
    public static KeysetSource open(Path file, boolean generateIfMissing) {
        return open(file, generateIfMissing, System::currentTimeMillis);
    }

    static KeysetSource open(Path file, boolean generateIfMissing, LongSupplier clock) {
        if (!Files.exists(file)) {
            if (!generateIfMissing) {
                throw new IllegalStateException("Credential vault keyset file " + file + " does not exist. Create one"
                        + " with: java -cp 'providers/*:lib/lib/main/*' io.latchkey.vault.crypto.KeysetTool generate "
                        + file);
            }
            try {
                Keysets.write(Keysets.generate(), file);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write a development keyset to " + file, e);
            }
            LOG.warnf("%n%s%nCREDENTIAL VAULT: generated a DEVELOPMENT keyset at %s.%nIt is a plaintext key next to"
                    + " your data: fine for start-dev, never for production. Production (kc.sh start) refuses to run"
                    + " without --spi-credential-vault--jpa--keyset-file pointing at a managed keyset.%n%s",
                    "=".repeat(100), file, "=".repeat(100));
        }
        return new KeysetSource(file, clock);
    }

    public CredentialCipher cipher() {
        long now = clock.getAsLong();
        if (now - lastCheck >= CHECK_INTERVAL_MILLIS) {
            lastCheck = now;
            reloadIfChanged();
        }
        return loaded.cipher();
    }

    public Path file() {
        return file;
    }

    private synchronized void reloadIfChanged() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loaded.modified())) {
                loaded = load();
                LOG.infof("Credential vault keyset reloaded from %s: primary key id %d, key ids %s", file,
                        loaded.cipher().primaryKeyId(), loaded.cipher().keyIds());
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Credential vault keyset %s could not be re-read (%s); keeping the keyset loaded before",
                    file, e.getMessage());
        }
    }

    private Loaded load() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return new Loaded(new CredentialCipher(Keysets.read(file)), modified);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read credential vault keyset " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Credential vault keyset " + file + " is invalid: " + e.getMessage(), e);
        }
    }

    private record Loaded(CredentialCipher cipher, FileTime modified) {
    }
}
