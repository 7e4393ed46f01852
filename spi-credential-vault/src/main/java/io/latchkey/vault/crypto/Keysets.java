package io.latchkey.vault.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/** Reading, writing, generating and rotating (in one step or two) Tink keysets in Tink's JSON format. */
public final class Keysets {

    static {
        registerAead();
    }

    private Keysets() {
    }

    /** Registers Tink's AEAD key managers; idempotent, and needed before any keyset is parsed or generated. */
    static void registerAead() {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Step one of a cluster rotation: a copy of the keyset with a new AES-256-GCM key that decrypts but does not yet
     * encrypt (the primary is unchanged). Once every node has this keyset, {@link #promote} makes the new key primary.
     */
    public static KeysetHandle add(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Step two of a cluster rotation: a copy of the keyset with {@code keyId} as primary. Every other key stays, so
     * every ciphertext made before still decrypts.
     *
     * @throws IllegalArgumentException when the keyset has no enabled key with that id
     */
    public static KeysetHandle promote(KeysetHandle keyset, long keyId) {
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (Integer.toUnsignedLong(entry.getId()) == keyId) {
                if (entry.getStatus() != KeyStatus.ENABLED) {
                    throw new IllegalArgumentException("Key id " + keyId + " is " + entry.getStatus()
                            + ", not enabled: it cannot become primary");
                }
                try {
                    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
                    builder.getAt(i).makePrimary();
                    return builder.build();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalArgumentException("The keyset has no key id " + keyId);
    }

    /**
     * One-step rotation, for a single node: a copy of the keyset with a new AES-256-GCM key added as primary; the
     * old keys stay for decryption. On a cluster use {@link #add} and then {@link #promote}, or a node that has not
     * reloaded yet cannot open what a rotated node wrote.
     */
    public static KeysetHandle rotate(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeysetHandle parse(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a Tink JSON keyset: " + e.getMessage(), e);
        }
    }

    public static KeysetHandle read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Writes atomically (temp file + move) with owner-only permissions where the file system has them. */
    public static void write(KeysetHandle keyset, Path file) throws IOException {
        String json;
        try {
            json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keyset", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions are what protect the file.
        }
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
