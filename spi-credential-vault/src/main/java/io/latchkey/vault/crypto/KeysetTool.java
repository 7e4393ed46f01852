package io.latchkey.vault.crypto;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.crypto.tink.KeysetHandle;

/**
 * Operator command line for the vault keyset, run with the assembled server's jars on the class path:
 * <pre>
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool generate keyset.json
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool add keyset.json
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool promote keyset.json 1234567890
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool rotate keyset.json
 * java -cp "providers/*:lib/lib/main/*" io.latchkey.vault.crypto.KeysetTool info keyset.json
 * </pre>
 * A cluster rotates in two steps: {@code add} puts a new key in the keyset that decrypts but does not encrypt yet;
 * once every node has loaded that keyset, {@code promote} makes it the key new ciphertexts are made with. At no point
 * does a node meet a ciphertext made by a key it lacks. {@code rotate} does both at once, for a single node. Old keys
 * stay, so existing ciphertexts decrypt until the admin re-encryption has moved them. The tool prints key ids only,
 * never key material.
 */
public final class KeysetTool {

    private static final String USAGE = "usage: KeysetTool generate|add|rotate|info <keyset.json>"
            + " | KeysetTool promote <keyset.json> <key id>";

    private KeysetTool() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** @return the process exit status: 0 done, 2 refused (usage, missing or unknown key, unreadable file) */
    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean promote = args.length == 3 && "promote".equals(args[0]);
        if (args.length != 2 && !promote) {
            err.println(USAGE);
            return 2;
        }
        Path file = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "generate" -> {
                    if (Files.exists(file)) {
                        err.println(file + " exists; refusing to overwrite a keyset (use add and promote)");
                        return 2;
                    }
                    Keysets.write(Keysets.generate(), file);
                }
                case "add" -> {
                    KeysetHandle before = Keysets.read(file);
                    KeysetHandle after = Keysets.add(before);
                    Keysets.write(after, file);
                    List<Long> added = new ArrayList<>(new CredentialCipher(after).keyIds());
                    added.removeAll(new CredentialCipher(before).keyIds());
                    out.println("added key id " + added.get(0) + " (not primary). Put this keyset on every node,"
                            + " check that each one lists key id " + added.get(0) + ", then run: KeysetTool promote "
                            + file + " " + added.get(0));
                }
                case "promote" -> {
                    long keyId = Long.parseLong(args[2]);
                    Keysets.write(Keysets.promote(Keysets.read(file), keyId), file);
                }
                case "rotate" -> {
                    Keysets.write(Keysets.rotate(Keysets.read(file)), file);
                    out.println("rotated in one step: on a cluster, a node that has not reloaded this keyset cannot"
                            + " open what the others write now (use add, then promote)");
                }
                case "info" -> {
                    // Nothing to change: the summary below is the answer.
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            info(file, out);
            return 0;
        } catch (NumberFormatException e) {
            err.println("not a key id: " + args[2]);
            return 2;
        } catch (IllegalArgumentException | IOException e) {
            err.println(file + ": " + e.getMessage());
            return 2;
        }
    }

    private static void info(Path file, PrintStream out) throws IOException {
        CredentialCipher cipher = new CredentialCipher(Keysets.read(file));
        out.println("keyset " + file + ": primary key id " + cipher.primaryKeyId() + ", key ids " + cipher.keyIds());
    }
}
