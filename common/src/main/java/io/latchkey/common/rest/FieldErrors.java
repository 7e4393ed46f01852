package io.latchkey.common.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Collects per-field validation errors and reads typed fields from a JSON object, so every problem of a request is
 * reported at once in the legacy services' shape {@code {"field": ["message", ...]}}.
 */
public final class FieldErrors {

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    public void add(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }

    public boolean has(String field) {
        return errors.containsKey(field);
    }

    /** Each (field, message) pair, in the order recorded; for nesting one object's errors under a prefix. */
    public void forEach(java.util.function.BiConsumer<String, String> action) {
        errors.forEach((field, messages) -> messages.forEach(message -> action.accept(field, message)));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 with every collected error, if any */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiErrors.validation(errors);
        }
    }

    /** Reports every field of {@code body} that is not in {@code allowed}: a typo must not be silently dropped. */
    public void rejectUnknown(ObjectNode body, List<String> allowed) {
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                add(name, "Unknown field.");
            }
        });
    }

    /** A boolean field: {@code fallback} when absent; records "Must be true or false." when not a JSON boolean. */
    public boolean bool(ObjectNode body, String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            add(field, "Must be true or false.");
            return fallback;
        }
        return node.booleanValue();
    }

    /**
     * A whole-number field from {@code min} to {@code max}: {@code fallback} when absent; records {@code message} when
     * not a JSON integer in range (strings, fractions and overflowing numbers included).
     */
    public long integer(ObjectNode body, String field, long fallback, long min, long max, String message) {
        JsonNode node = body.get(field);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            add(field, message);
            return fallback;
        }
        return node.longValue();
    }

    /**
     * A string field: null when absent or JSON null; records an error when present with another type, blank (if
     * required), longer than {@code maxLength} code points, or containing control characters other than tab,
     * newline and carriage return (PostgreSQL cannot even store NUL).
     */
    public String string(ObjectNode body, String field, boolean required, String requiredMessage, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(field, requiredMessage);
            }
            return null;
        }
        if (!node.isTextual()) {
            add(field, "Must be a string.");
            return null;
        }
        String value = node.textValue();
        if (required && value.isBlank()) {
            add(field, requiredMessage);
            return null;
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            add(field, "Ensure this field has no more than " + maxLength + " characters.");
            return null;
        }
        if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            add(field, "Must not contain control characters.");
            return null;
        }
        return value;
    }
}
