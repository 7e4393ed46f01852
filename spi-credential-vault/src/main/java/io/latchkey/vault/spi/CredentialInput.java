package io.latchkey.vault.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a caller stores: the secret is encrypted, the rest is kept readable for listing.
 *
 * @param metadata a small JSON object of non-secret details; secrets belong in {@code secret}
 */
public record CredentialInput(String serviceName, String secret, String serviceUserId, Map<String, Object> metadata) {

    public CredentialInput {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(secret, "secret");
        // Not Map.copyOf: metadata values may be JSON null.
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
