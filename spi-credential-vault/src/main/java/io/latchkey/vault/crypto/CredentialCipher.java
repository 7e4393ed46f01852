package io.latchkey.vault.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;

/**
 * Encrypts and decrypts vault secrets with a Tink AEAD keyset (AES-256-GCM). Ciphertexts carry Tink's 5-byte prefix
 * (version byte and the id of the key that produced them), so a rotated keyset still decrypts old rows and
 * {@link #keyIdOf} tells which rows a re-encryption must move.
 */
public final class CredentialCipher {

    private static final byte TINK_PREFIX = 0x01;

    static {
        Keysets.registerAead();
    }

    private final Aead aead;
    private final long primaryKeyId;
    private final List<Long> keyIds;

    public CredentialCipher(KeysetHandle keyset) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The keyset is not an AEAD keyset: " + e.getMessage(), e);
        }
        this.primaryKeyId = Integer.toUnsignedLong(keyset.getPrimary().getId());
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(Integer.toUnsignedLong(keyset.getAt(i).getId()));
        }
        this.keyIds = List.copyOf(ids);
    }

    /** @return Base64 of Tink's ciphertext, ready for a text column */
    public String encrypt(String plaintext, byte[] associatedData) {
        try {
            return Base64.getEncoder().encodeToString(
                    aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /**
     * @throws UndecryptableException when the ciphertext was made by no key of this keyset, was altered, or belongs
     *         to other associated data (another row)
     */
    public String decrypt(String ciphertext, byte[] associatedData) {
        try {
            byte[] plaintext = aead.decrypt(Base64.getDecoder().decode(ciphertext), associatedData);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new UndecryptableException();
        }
    }

    /** The key id new ciphertexts are made with. */
    public long primaryKeyId() {
        return primaryKeyId;
    }

    /** The ids of every key this keyset can decrypt with, primary first not guaranteed. */
    public List<Long> keyIds() {
        return keyIds;
    }

    /** The id of the key that made a ciphertext, from Tink's prefix; -1 when it has none. */
    public static long keyIdOf(String ciphertext) {
        byte[] bytes = Base64.getDecoder().decode(ciphertext);
        if (bytes.length < 5 || bytes[0] != TINK_PREFIX) {
            return -1;
        }
        return Integer.toUnsignedLong(((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16)
                | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff));
    }

    /** A ciphertext that this keyset and associated data cannot open. Carries no detail: there is none to give. */
    public static final class UndecryptableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UndecryptableException() {
            super("The stored credential cannot be decrypted with this keyset and row");
        }
    }
}
