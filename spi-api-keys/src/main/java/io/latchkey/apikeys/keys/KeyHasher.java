package io.latchkey.apikeys.keys;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the database keeps of an API key: HMAC-SHA-256 under a server-side pepper. A stolen table therefore cannot be
 * brute-forced offline without the pepper, and the lookup stays one indexed equality (keys carry ~155 bits of
 * randomness, so a slow password hash would buy nothing but latency).
 */
public final class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    static final int MIN_PEPPER_BYTES = 32;

    private final SecretKeySpec pepper;
    /** Mac instances are not thread-safe, and looking one up costs more than the HMAC of a key: one per thread. */
    private final ThreadLocal<Mac> macs;

    /** @param pepper at least 32 bytes of secret randomness, from Keycloak's configuration or vault */
    public KeyHasher(byte[] pepper) {
        if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException("The API-key pepper must be at least " + MIN_PEPPER_BYTES + " bytes");
        }
        this.pepper = new SecretKeySpec(pepper.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Base64url of HMAC-SHA-256(pepper, key): 43 characters, for an indexed column. */
    public String hash(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key));
    }

    /** Compares a presented key with a stored hash in time independent of where they differ. */
    public boolean matches(String key, String storedHash) {
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(key), expected);
    }

    /**
     * Compares a hash this hasher computed with a stored one in time independent of where they differ: the check
     * after a lookup by hash, without computing the HMAC a second time.
     */
    public static boolean sameHash(String computed, String storedHash) {
        return storedHash != null && MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String key) {
        // doFinal resets the Mac for its next use on this thread.
        return macs.get().doFinal(key.getBytes(StandardCharsets.UTF_8));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
        }
    }
}
