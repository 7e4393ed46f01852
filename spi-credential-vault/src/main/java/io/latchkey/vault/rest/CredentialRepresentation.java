package io.latchkey.vault.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.latchkey.vault.spi.StoredCredential;

/**
 * A stored credential as clients see it: never the secret. {@code service_user_id} is present even when null, because
 * clients of the legacy credential service read the member unconditionally.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "VaultCredential", description = "A stored credential, without its secret.",
        requiredProperties = {"id", "service_name", "service_user_id", "metadata", "created_at", "updated_at"})
public record CredentialRepresentation(
        @JsonProperty("id") String id,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("service_user_id") @Schema(nullable = true) String serviceUserId,
        @JsonProperty("metadata") @Schema(description = "Non-secret details: string, number, boolean or null values.")
        Map<String, Object> metadata,
        @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
        @JsonProperty("updated_at") @Schema(format = "date-time") String updatedAt) {

    static CredentialRepresentation of(StoredCredential credential) {
        return new CredentialRepresentation(credential.id(), credential.serviceName(), credential.serviceUserId(),
                credential.metadata(), iso(credential.createdAt()), iso(credential.updatedAt()));
    }

    /** ISO-8601 UTC to the second, the precision clients of the legacy services parse. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
