package io.latchkey.apikeys.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class KeyHasherTest {

    private static final byte[] PEPPER = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final KeyHasher hasher = new KeyHasher(PEPPER);
    private final String key = KeyFormat.STRIPE_STYLE.generate("live", new SecureRandom());

    @Test
    void hashIsStableAndMatchesOnlyItsKey() {
        String hash = hasher.hash(key);
        assertEquals(43, hash.length());
        assertEquals(hash, hasher.hash(key));
        assertTrue(hasher.matches(key, hash));
        assertFalse(hasher.matches(key + "x", hash));
        assertFalse(hash.contains(key.substring(8, 20)), "the hash carries nothing of the key");
    }

    @Test
    void anotherPepperGivesAnotherHash() {
        byte[] other = PEPPER.clone();
        other[0] ^= 1;
        assertNotEquals(hasher.hash(key), new KeyHasher(other).hash(key));
    }

    @Test
    void corruptStoredHashNeverMatches() {
        assertFalse(hasher.matches(key, "not base64 !"));
        assertFalse(hasher.matches(key, ""));
    }

    @Test
    void shortOrMissingPepperIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher(null));
    }
}
