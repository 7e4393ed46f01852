package io.latchkey.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file written once per test JVM (a keyset, a pepper): what an earlier run left behind is replaced, so a rotation
 * in one run never leaks into the next, while every server config of this JVM sees the same file.
 */
public final class JvmFreshFile {

    private static final long JVM_START = ManagementFactory.getRuntimeMXBean().getStartTime();

    /** Writes {@code file} with {@code writer} unless this JVM already did. */
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private JvmFreshFile() {
    }

    public static synchronized Path of(Path file, Writer writer) {
        Path absolute = file.toAbsolutePath();
        try {
            if (!Files.exists(absolute) || Files.getLastModifiedTime(absolute).toMillis() < JVM_START) {
                Files.deleteIfExists(absolute);
                writer.write(absolute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return absolute;
    }
}
