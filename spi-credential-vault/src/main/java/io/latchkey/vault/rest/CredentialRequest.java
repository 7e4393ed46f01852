package io.latchkey.vault.rest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.latchkey.common.rest.FieldErrors;
import io.latchkey.vault.catalog.ServiceCatalog;
import io.latchkey.vault.catalog.ServiceDefinition;
import io.latchkey.vault.spi.CredentialInput;

/**
 * A create or full-replace body, as the legacy credential service took it: {@code service_name}, {@code api_key},
 * optional {@code service_user_id} and (Latchkey's addition) optional {@code metadata}. Every field error is reported
 * at once; nothing is stored unless the whole body is valid.
 */
final class CredentialRequest {

    static final String SERVICE_NAME = "service_name";
    static final String API_KEY = "api_key";
    static final String SERVICE_USER_ID = "service_user_id";
    static final String METADATA = "metadata";
    static final List<String> FIELDS = List.of(SERVICE_NAME, API_KEY, SERVICE_USER_ID, METADATA);

    static final int MAX_SERVICE_NAME = 50;
    static final int MAX_API_KEY_BYTES = 8192;
    static final int MAX_SERVICE_USER_ID = 100;
    static final int MAX_METADATA_ENTRIES = 20;
    static final int MAX_METADATA_KEY = 64;
    static final int MAX_METADATA_VALUE = 500;
    static final int MAX_METADATA_JSON = 2048;

    private CredentialRequest() {
    }

    /** The body {@link #parse} reads, for the OpenAPI document. */
    @Schema(name = "VaultCredentialRequest", additionalProperties = Schema.False.class,
            requiredProperties = {SERVICE_NAME, API_KEY})
    record Body(
            @Schema(minLength = 1, maxLength = MAX_SERVICE_NAME, description = "A service of the realm's catalog.")
            String service_name,
            @Schema(minLength = 1, description = "The secret, at most " + MAX_API_KEY_BYTES + " bytes of UTF-8;"
                    + " encrypted at rest and never shown back.") String api_key,
            @Schema(nullable = true, maxLength = MAX_SERVICE_USER_ID, description = "Only for services whose"
                    + " catalog entry has a service_user_id_label.") String service_user_id,
            @Schema(nullable = true, maxProperties = MAX_METADATA_ENTRIES, description = "Non-secret details, at most "
                    + MAX_METADATA_JSON + " bytes as JSON: keys of 1 to " + MAX_METADATA_KEY + " letters, digits,"
                    + " '_', '-' or '.'; values a string (at most " + MAX_METADATA_VALUE + " characters), number,"
                    + " boolean or null.") Map<String, Object> metadata) {
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 with field errors */
    static CredentialInput parse(ObjectNode body, ServiceCatalog catalog) {
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(body, FIELDS);
        String serviceName = errors.string(body, SERVICE_NAME, true, "Service name is required", MAX_SERVICE_NAME);
        String apiKey = errors.string(body, API_KEY, true, "API key is required", Integer.MAX_VALUE);
        if (apiKey != null && apiKey.getBytes(StandardCharsets.UTF_8).length > MAX_API_KEY_BYTES) {
            errors.add(API_KEY, "Ensure this field has no more than " + MAX_API_KEY_BYTES + " bytes.");
        }
        String serviceUserId = errors.string(body, SERVICE_USER_ID, false, null, MAX_SERVICE_USER_ID);
        Map<String, Object> metadata = metadata(body.get(METADATA), errors);

        if (serviceName != null) {
            Optional<ServiceDefinition> service = catalog.find(serviceName);
            if (service.isEmpty()) {
                errors.add(SERVICE_NAME, "Unknown service '" + serviceName + "'. Allowed: "
                        + String.join(", ", catalog.names()) + ".");
            } else if (serviceUserId != null && !service.get().acceptsServiceUserId()) {
                errors.add(SERVICE_USER_ID, "Service '" + serviceName + "' takes no service_user_id.");
            }
        }
        errors.throwIfAny();
        return new CredentialInput(serviceName, apiKey, serviceUserId, metadata);
    }

    private static Map<String, Object> metadata(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(METADATA, "Must be a JSON object.");
            return Map.of();
        }
        if (node.size() > MAX_METADATA_ENTRIES) {
            errors.add(METADATA, "Ensure it has no more than " + MAX_METADATA_ENTRIES + " entries.");
            return Map.of();
        }
        if (node.toString().getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_JSON) {
            errors.add(METADATA, "Ensure it is no larger than " + MAX_METADATA_JSON + " bytes of JSON.");
            return Map.of();
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.isEmpty() || key.length() > MAX_METADATA_KEY || !key.chars().allMatch(CredentialRequest::keyChar)) {
                errors.add(METADATA, "Key '" + printable(key) + "' must be 1 to " + MAX_METADATA_KEY
                        + " characters of letters, digits, '_', '-' or '.'.");
            } else if (value.isTextual()) {
                String text = value.textValue();
                if (text.length() > MAX_METADATA_VALUE || text.chars().anyMatch(c -> c < 0x20)) {
                    errors.add(METADATA, "Value of '" + key + "' must be at most " + MAX_METADATA_VALUE
                            + " characters without control characters.");
                } else {
                    metadata.put(key, text);
                }
            } else if (value.isNumber()) {
                metadata.put(key, value.numberValue());
            } else if (value.isBoolean()) {
                metadata.put(key, value.booleanValue());
            } else if (value.isNull()) {
                metadata.put(key, null);
            } else {
                errors.add(METADATA, "Value of '" + key + "' must be a string, number, boolean or null.");
            }
        });
        return metadata;
    }

    private static boolean keyChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                || c == '.';
    }

    private static String printable(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
