package io.latchkey.vault.rest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.vault.spi.StoredCredential;

/** Seed 000's credential shape: never the secret. {@code service_user_id} is present even when null, as in the seed. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CredentialRepresentation(
        @JsonProperty("id") String id,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("service_user_id") String serviceUserId,
        @JsonProperty("metadata") Map<String, Object> metadata,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {

    static CredentialRepresentation of(StoredCredential credential) {
        return new CredentialRepresentation(credential.id(), credential.serviceName(), credential.serviceUserId(),
                credential.metadata(), iso(credential.createdAt()), iso(credential.updatedAt()));
    }

    /** ISO-8601 UTC to the second, as the seeds print timestamps. */
    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
