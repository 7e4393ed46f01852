package io.latchkey.vault.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.latchkey.vault.catalog.ServiceDefinition;

/** A catalog entry as clients see it: which fields a credential for this service takes. */
@Schema(name = "VaultService", description = "A service of the realm's catalog, and the fields a credential for it"
        + " takes.", requiredProperties = {"service_name", "label", "required_fields", "optional_fields",
        "api_key_label"})
public record ServiceRepresentation(
        @JsonProperty("service_name") String serviceName,
        @JsonProperty("label") String label,
        @JsonProperty("required_fields") List<String> requiredFields,
        @JsonProperty("optional_fields") List<String> optionalFields,
        @JsonProperty("api_key_label") String apiKeyLabel,
        @JsonProperty("service_user_id_label") @Schema(nullable = true,
                description = "What service_user_id means for this service; absent or null when it takes none.")
        String serviceUserIdLabel) {

    static ServiceRepresentation of(ServiceDefinition definition) {
        return new ServiceRepresentation(definition.name(), definition.label(), List.of("api_key"),
                definition.acceptsServiceUserId() ? List.of("service_user_id") : List.of(),
                definition.apiKeyLabel(), definition.serviceUserIdLabel());
    }
}
