package io.latchkey.vault.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;

/**
 * Operator command line for the vault keyset, run with the assembled server's jars on the class path:
 * <pre>
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool generate keyset.json
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool rotate keyset.json
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool info keyset.json
 * </pre>
 * {@code rotate} adds a new primary key and keeps the old ones, so existing ciphertexts still decrypt until the
 * admin re-encryption has moved them. It prints key ids only, never key material.
 */
public final class KeysetTool {

    private KeysetTool() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            usage();
            return;
        }
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> {
                if (Files.exists(file)) {
                    fail(file + " exists; refusing to overwrite a keyset (use rotate)");
                }
                Keysets.write(Keysets.generate(), file);
                info(file);
            }
            case "rotate" -> {
                Keysets.write(Keysets.rotate(Keysets.read(file)), file);
                info(file);
            }
            case "info" -> info(file);
            default -> usage();
        }
    }

    private static void info(Path file) throws IOException {
        KeysetHandle keyset = Keysets.read(file);
        CredentialCipher cipher = new CredentialCipher(keyset);
        System.out.println("keyset " + file + ": primary key id " + cipher.primaryKeyId() + ", key ids "
                + cipher.keyIds());
    }

    private static void usage() {
        fail("usage: KeysetTool generate|rotate|info <keyset.json>");
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
