package io.latchkey.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every HTTP exchange a test makes with the server, one JSON line each, so the contract test can check all of them
 * against the OpenAPI document: a status the document does not name, or a body its schema refuses, fails the build
 * whichever test produced it. Written only when {@code latchkey.contract.dir} is set (the parent POM sets it for the
 * integration tests), to {@code <dir>/<module>-<pid>.jsonl}.
 */
public final class ContractLog {

    private static final String DIR = System.getProperty("latchkey.contract.dir");
    private static final Path FILE = DIR == null ? null
            : Path.of(DIR, Path.of(System.getProperty("user.dir")).getFileName() + "-" + ProcessHandle.current().pid()
                    + ".jsonl");

    private ContractLog() {
    }

    /** Records one exchange; the Authorization header and request bodies are never written (they hold secrets). */
    public static void record(String method, URI uri, boolean requestHadBody, String requestContentType, int status,
            String responseContentType, String responseBody) {
        if (FILE == null) {
            return;
        }
        ObjectNode line = Http.JSON.createObjectNode()
                .put("method", method.toUpperCase(Locale.ROOT))
                .put("path", uri.getRawPath())
                .put("requestBody", requestHadBody)
                .put("requestContentType", requestContentType)
                .put("status", status)
                .put("contentType", responseContentType)
                .put("body", responseBody);
        try {
            synchronized (ContractLog.class) {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
