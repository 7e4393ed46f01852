package io.latchkey.vault.spi;

import java.time.Instant;
import java.util.Map;

/**
 * A stored credential without its secret: what lists and admin views may show.
 *
 * @param id            stable identifier (UUID)
 * @param serviceName   the catalog service, e.g. {@code spotify}
 * @param serviceUserId the user's id or name at that service, or null
 * @param metadata      small non-secret JSON object, empty when none
 * @param keyId         id of the Tink key that encrypted the secret (for rotation reports)
 */
public record StoredCredential(String id, String serviceName, String serviceUserId, Map<String, Object> metadata,
        Instant createdAt, Instant updatedAt, long keyId) {
}
