package io.latchkey.vault.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.latchkey.common.rest.FieldErrors;
import io.latchkey.vault.catalog.ServiceDefinition;

/** A catalog entry as admins write it (and as the realm attribute stores it). */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "VaultCatalogEntry", additionalProperties = Schema.False.class,
        requiredProperties = {"service_name", "label", "api_key_label"})
record CatalogEntryRepresentation(
        @JsonProperty("service_name") @Schema(pattern = "^[a-z0-9_]{1,50}$",
                description = "What clients send as service_name.") String serviceName,
        @JsonProperty("label") @Schema(minLength = 1, maxLength = MAX_LABEL, description = "The service's name for"
                + " people.") String label,
        @JsonProperty("api_key_label") @Schema(minLength = 1, maxLength = MAX_LABEL,
                description = "What the secret is for this service, e.g. API Key.") String apiKeyLabel,
        @JsonProperty("service_user_id_label") @Schema(nullable = true, maxLength = MAX_LABEL,
                description = "What service_user_id means for this service; null (or blank) when it takes none.")
        String serviceUserIdLabel) {

    static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,50}");
    static final int MAX_SERVICES = 100;
    static final int MAX_LABEL = 100;
    private static final List<String> FIELDS = List.of("service_name", "label", "api_key_label", "service_user_id_label");

    ServiceDefinition toDefinition() {
        return new ServiceDefinition(serviceName, label, apiKeyLabel, serviceUserIdLabel);
    }

    static CatalogEntryRepresentation of(ServiceDefinition definition) {
        return new CatalogEntryRepresentation(definition.name(), definition.label(), definition.apiKeyLabel(),
                definition.serviceUserIdLabel());
    }

    /**
     * Validates a whole catalog; field errors are keyed {@code services[i].field}.
     *
     * @throws jakarta.ws.rs.WebApplicationException 400 with every error
     */
    static List<CatalogEntryRepresentation> parseAll(JsonNode services) {
        FieldErrors errors = new FieldErrors();
        List<CatalogEntryRepresentation> entries = parse(services, errors);
        errors.throwIfAny();
        return entries;
    }

    /** Validates a whole catalog, every problem into {@code errors} keyed {@code services[i].field}. */
    static List<CatalogEntryRepresentation> parse(JsonNode services, FieldErrors errors) {
        List<CatalogEntryRepresentation> entries = new ArrayList<>();
        if (services == null || !services.isArray()) {
            errors.add("services", "Must be a JSON array of services.");
        } else if (services.isEmpty() || services.size() > MAX_SERVICES) {
            errors.add("services", "Must hold 1 to " + MAX_SERVICES + " services.");
        } else {
            Set<String> seen = new HashSet<>();
            ArrayNode array = (ArrayNode) services;
            for (int i = 0; i < array.size(); i++) {
                String at = "services[" + i + "].";
                if (!array.get(i).isObject()) {
                    errors.add("services[" + i + "]", "Must be a JSON object.");
                    continue;
                }
                ObjectNode entry = (ObjectNode) array.get(i);
                FieldErrors own = new FieldErrors();
                own.rejectUnknown(entry, FIELDS);
                String name = own.string(entry, "service_name", true, "Service name is required", 50);
                if (name != null && !NAME.matcher(name).matches()) {
                    own.add("service_name", "Use 1 to 50 lower-case letters, digits or '_'.");
                } else if (name != null && !seen.add(name)) {
                    own.add("service_name", "Duplicate service name '" + name + "'.");
                }
                String label = own.string(entry, "label", true, "Label is required", MAX_LABEL);
                String keyLabel = own.string(entry, "api_key_label", true, "API key label is required", MAX_LABEL);
                String userIdLabel = own.string(entry, "service_user_id_label", false, null, MAX_LABEL);
                own.forEach((field, message) -> errors.add(at + field, message));
                entries.add(new CatalogEntryRepresentation(name, label, keyLabel,
                        userIdLabel == null || userIdLabel.isBlank() ? null : userIdLabel));
            }
        }
        return entries;
    }
}
