package io.latchkey.vault.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {

    private final KeysetHandle keyset = Keysets.generate();
    private final CredentialCipher cipher = new CredentialCipher(keyset);
    private final byte[] aliceSpotify = AssociatedData.of("realm-1", "alice", "spotify");

    @Test
    void roundTripsUnicodeSecrets() {
        String secret = "BQC4YXsKD8 — ключ 🔑";
        assertEquals(secret, cipher.decrypt(cipher.encrypt(secret, aliceSpotify), aliceSpotify));
    }

    @Test
    void ciphertextHidesThePlaintextAndIsRandomized() {
        String a = cipher.encrypt("BQC4YXsKD8", aliceSpotify);
        String b = cipher.encrypt("BQC4YXsKD8", aliceSpotify);
        assertNotEquals(a, b);
        assertFalse(a.contains("BQC4YXsKD8"));
    }

    @Test
    void ciphertextOfAnotherRowDoesNotDecrypt() {
        String ciphertext = cipher.encrypt("secret", aliceSpotify);
        assertThrows(CredentialCipher.UndecryptableException.class,
                () -> cipher.decrypt(ciphertext, AssociatedData.of("realm-1", "bob", "spotify")));
        assertThrows(CredentialCipher.UndecryptableException.class,
                () -> cipher.decrypt(ciphertext, AssociatedData.of("realm-1", "alice", "lastfm")));
        assertThrows(CredentialCipher.UndecryptableException.class,
                () -> cipher.decrypt(ciphertext, AssociatedData.of("realm-2", "alice", "spotify")));
    }

    @Test
    void associatedDataPartsCannotBeShiftedIntoEachOther() {
        assertFalse(java.util.Arrays.equals(AssociatedData.of("ab", "c", "d"), AssociatedData.of("a", "bc", "d")));
    }

    @Test
    void garbageAndForeignKeysetCiphertextsAreUndecryptable() {
        assertThrows(CredentialCipher.UndecryptableException.class, () -> cipher.decrypt("not base64!", aliceSpotify));
        String foreign = new CredentialCipher(Keysets.generate()).encrypt("secret", aliceSpotify);
        assertThrows(CredentialCipher.UndecryptableException.class, () -> cipher.decrypt(foreign, aliceSpotify));
    }

    @Test
    void rotatedKeysetDecryptsOldCiphertextsAndEncryptsWithTheNewPrimary() {
        String old = cipher.encrypt("secret", aliceSpotify);
        CredentialCipher rotated = new CredentialCipher(Keysets.rotate(keyset));

        assertEquals("secret", rotated.decrypt(old, aliceSpotify));
        assertNotEquals(cipher.primaryKeyId(), rotated.primaryKeyId());
        assertEquals(cipher.primaryKeyId(), CredentialCipher.keyIdOf(old));
        assertEquals(rotated.primaryKeyId(), CredentialCipher.keyIdOf(rotated.encrypt("secret", aliceSpotify)));
        assertEquals(2, rotated.keyIds().size());
    }

    @Test
    void keysetFileRoundTripsWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyset.json");
        Keysets.write(keyset, file);

        CredentialCipher reread = new CredentialCipher(Keysets.read(file));
        assertEquals("secret", reread.decrypt(cipher.encrypt("secret", aliceSpotify), aliceSpotify));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }

    @Test
    void malformedKeysetIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Keysets.parse("{}"));
        assertTrue(e.getMessage().startsWith("Not a Tink JSON keyset"));
    }
}
