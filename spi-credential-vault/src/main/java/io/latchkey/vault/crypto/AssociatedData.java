package io.latchkey.vault.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The AEAD associated data that binds a ciphertext to the row it belongs to: realm, user and service. A ciphertext
 * copied into another user's or service's row fails authentication instead of decrypting there.
 *
 * <p>Each part is length-prefixed, so no two different (realm, user, service) triples encode to the same bytes.
 */
public final class AssociatedData {

    private static final byte[] CONTEXT = "latchkey-credential-vault/v1".getBytes(StandardCharsets.US_ASCII);

    private AssociatedData() {
    }

    public static byte[] of(String realmId, String userId, String serviceName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {new String(CONTEXT, StandardCharsets.US_ASCII), realmId, userId, serviceName}) {
            byte[] bytes = Objects.requireNonNull(part, "associated data part").getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
