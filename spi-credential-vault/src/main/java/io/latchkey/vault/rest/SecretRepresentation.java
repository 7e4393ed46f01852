package io.latchkey.vault.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;

/** A decrypted credential, for the privileged backend read (and the owner, where the realm allows it). */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "VaultSecret", description = "A stored credential with its decrypted secret.",
        requiredProperties = {"user_id", "service_name", "service_user_id", "api_key", "metadata", "updated_at"})
public record SecretRepresentation(
        @JsonProperty("user_id") String userId,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("service_user_id") @Schema(nullable = true) String serviceUserId,
        @JsonProperty("api_key") @Schema(description = "The decrypted secret.") String apiKey,
        @JsonProperty("metadata") @Schema(description = "Non-secret details: string, number, boolean or null values.")
        Map<String, Object> metadata,
        @JsonProperty("updated_at") @Schema(format = "date-time") String updatedAt) {

    static SecretRepresentation of(String userId, RevealedCredential revealed) {
        StoredCredential credential = revealed.credential();
        return new SecretRepresentation(userId, credential.serviceName(), credential.serviceUserId(),
                revealed.secret(), credential.metadata(), CredentialRepresentation.iso(credential.updatedAt()));
    }
}
