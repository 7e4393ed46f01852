package io.latchkey.vault.rest;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;

/** A decrypted credential, for the privileged backend read (and the owner, where the realm allows it). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SecretRepresentation(
        @JsonProperty("user_id") String userId,
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("service_user_id") String serviceUserId,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("metadata") Map<String, Object> metadata,
        @JsonProperty("updated_at") String updatedAt) {

    static SecretRepresentation of(String userId, RevealedCredential revealed) {
        StoredCredential credential = revealed.credential();
        return new SecretRepresentation(userId, credential.serviceName(), credential.serviceUserId(),
                revealed.secret(), credential.metadata(), CredentialRepresentation.iso(credential.updatedAt()));
    }
}
