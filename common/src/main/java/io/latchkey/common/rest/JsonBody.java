package io.latchkey.common.rest;

import java.io.IOException;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses request bodies strictly, so a malformed or ambiguous body is a precise 400 rather than a Jackson
 * exception surfacing as a 500: duplicate keys are refused (which one would win is a guess), and the body must be
 * one JSON object.
 */
public final class JsonBody {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBody() {
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 {@code {"detail": ...}} when not a single JSON object */
    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Malformed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
