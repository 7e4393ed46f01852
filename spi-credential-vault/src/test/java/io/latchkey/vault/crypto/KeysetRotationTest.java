package io.latchkey.vault.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-step rotation: a cluster mid-rotation has no node that meets a ciphertext made by a key it lacks. */
class KeysetRotationTest {

    private final byte[] aliceSpotify = AssociatedData.of("realm-1", "alice", "spotify");

    @Test
    void addedKeyDecryptsButDoesNotEncryptUntilPromoted() {
        KeysetHandle original = Keysets.generate();
        CredentialCipher before = new CredentialCipher(original);
        KeysetHandle added = Keysets.add(original);
        CredentialCipher stepOne = new CredentialCipher(added);

        assertEquals(before.primaryKeyId(), stepOne.primaryKeyId(), "step one leaves the primary alone");
        assertEquals(2, stepOne.keyIds().size());
        long newKey = newKey(before, stepOne);
        assertEquals(before.primaryKeyId(), CredentialCipher.keyIdOf(stepOne.encrypt("s", aliceSpotify)));

        CredentialCipher stepTwo = new CredentialCipher(Keysets.promote(added, newKey));
        assertEquals(newKey, stepTwo.primaryKeyId());
        assertEquals(stepOne.keyIds().size(), stepTwo.keyIds().size(), "promotion removes no key");
    }

    @Test
    void dataWrittenUnderThePromotedKeyDecryptsOnANodeThatHasOnlyAddedIt() {
        KeysetHandle original = Keysets.generate();
        KeysetHandle added = Keysets.add(original);
        long newKey = newKey(new CredentialCipher(original), new CredentialCipher(added));
        CredentialCipher promotedNode = new CredentialCipher(Keysets.promote(added, newKey));
        CredentialCipher addedOnlyNode = new CredentialCipher(added);

        String written = promotedNode.encrypt("BQC4YXsKD8", aliceSpotify);
        assertEquals(newKey, CredentialCipher.keyIdOf(written));
        assertEquals("BQC4YXsKD8", addedOnlyNode.decrypt(written, aliceSpotify));
        // And the other way round: what the not-yet-promoted node writes opens on the promoted one.
        assertEquals("from the old primary", promotedNode.decrypt(
                addedOnlyNode.encrypt("from the old primary", aliceSpotify), aliceSpotify));
    }

    @Test
    void keysetFileReloadedAfterEachStepKeepsEveryCiphertextReadable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyset.json");
        KeysetHandle original = Keysets.generate();
        Keysets.write(original, file);
        AtomicLong clock = new AtomicLong(1_000_000);
        KeysetSource node = KeysetSource.open(file, false, clock::get);
        String underOld = node.cipher().encrypt("old", aliceSpotify);

        KeysetHandle added = Keysets.add(Keysets.read(file));
        Keysets.write(added, file);
        touch(file, 1);
        clock.addAndGet(1000);
        long newKey = newKey(new CredentialCipher(original), new CredentialCipher(added));
        assertTrue(node.cipher().keyIds().contains(newKey), "the node has reloaded step one");

        String underNew = new CredentialCipher(Keysets.promote(added, newKey)).encrypt("new", aliceSpotify);
        assertEquals("new", node.cipher().decrypt(underNew, aliceSpotify), "another node promoted first");

        Keysets.write(Keysets.promote(Keysets.read(file), newKey), file);
        touch(file, 2);
        clock.addAndGet(1000);
        assertEquals(newKey, node.cipher().primaryKeyId());
        assertEquals("old", node.cipher().decrypt(underOld, aliceSpotify));
        assertEquals("new", node.cipher().decrypt(underNew, aliceSpotify));
    }

    @Test
    void promotingAKeyTheKeysetLacksIsRefused() {
        KeysetHandle keyset = Keysets.generate();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keysets.promote(keyset, 42));
        assertEquals("The keyset has no key id 42", e.getMessage());
    }

    @Test
    void toolAddsThenPromotesAndRefusesUnknownKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyset.json");
        assertEquals(0, tool(new ArrayList<>(), "generate", file.toString()));
        long original = new CredentialCipher(Keysets.read(file)).primaryKeyId();

        List<String> out = new ArrayList<>();
        assertEquals(0, tool(out, "add", file.toString()));
        CredentialCipher stepOne = new CredentialCipher(Keysets.read(file));
        assertEquals(original, stepOne.primaryKeyId());
        long added = stepOne.keyIds().stream().filter(id -> id != original).findFirst().orElseThrow();
        assertTrue(out.get(0).startsWith("added key id " + added + " (not primary)"), out.get(0));

        assertEquals(2, tool(new ArrayList<>(), "promote", file.toString(), "42"));
        assertEquals(original, new CredentialCipher(Keysets.read(file)).primaryKeyId(), "a refusal writes nothing");
        assertEquals(2, tool(new ArrayList<>(), "promote", file.toString(), "not-a-number"));
        assertEquals(0, tool(new ArrayList<>(), "promote", file.toString(), Long.toString(added)));
        assertEquals(added, new CredentialCipher(Keysets.read(file)).primaryKeyId());
    }

    private static long newKey(CredentialCipher before, CredentialCipher after) {
        return after.keyIds().stream().filter(id -> !before.keyIds().contains(id)).findFirst().orElseThrow();
    }

    /** The file's modification time, moved on explicitly: two writes within the file system's granularity. */
    private static void touch(Path file, long step) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000_000L + step * 10_000));
    }

    private static int tool(List<String> lines, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeysetTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        lines.addAll(out.toString(StandardCharsets.UTF_8).lines().toList());
        lines.addAll(err.toString(StandardCharsets.UTF_8).lines().toList());
        return status;
    }
}
