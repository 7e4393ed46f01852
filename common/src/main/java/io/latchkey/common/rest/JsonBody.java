package io.latchkey.common.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one way a request body enters the bundle: every endpoint that takes a body reads it here, so strictness cannot
 * drift between modules. A body must be sent as {@code application/json} (415 otherwise), be at most
 * {@value #MAX_BYTES} bytes (413), and be exactly one JSON object: no trailing data, no second value, no duplicate
 * member (which one would win is a guess), at most {@value #MAX_DEPTH} levels deep (400 with a sentence each).
 */
public final class JsonBody {

    /** The largest body any endpoint accepts; the message log's 256 KiB of messages fit with room to spare. */
    public static final int MAX_BYTES = 1_048_576;
    /** Nesting deeper than this is refused before it is built (the deepest legitimate body has 4 levels). */
    public static final int MAX_DEPTH = 32;

    static final String NOT_JSON = "Send the request body as JSON, with Content-Type: application/json.";
    static final String NOT_OBJECT = "Request body must be a JSON object";
    static final String NOT_ARRAY = "Request body must be a JSON array";
    static final String TRAILING = "Request body must be exactly one JSON value; there is more after it.";

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonBody() {
    }

    /**
     * The request's required body as one JSON object.
     *
     * @throws jakarta.ws.rs.WebApplicationException 415, 413 or 400 {@code {"detail": ...}}
     */
    public static ObjectNode object(KeycloakSession session, String body) {
        requireJsonContent(session, body);
        return object(body);
    }

    /** The request's optional body: null when there is none, else as {@link #object(KeycloakSession, String)}. */
    public static ObjectNode optionalObject(KeycloakSession session, String body) {
        requireJsonContent(session, body);
        return body == null || body.isEmpty() ? null : object(body);
    }

    /** A body already known to be JSON (tests, or bodies read from elsewhere): size, syntax and shape only. */
    public static ObjectNode object(String body) {
        JsonNode node = value(body, NOT_OBJECT);
        if (!node.isObject()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, NOT_OBJECT);
        }
        return (ObjectNode) node;
    }

    /**
     * The request's body exactly as sent, for an endpoint that checks a signature over those bytes before it reads
     * them: at most {@value #MAX_BYTES} bytes are read, so a larger body is refused (413) without being buffered.
     */
    public static byte[] bytes(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        byte[] read;
        try {
            read = body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "The request body could not be read.");
        }
        if (read.length > MAX_BYTES) {
            throw tooLarge();
        }
        return read;
    }

    /** The request's required body, read with {@link #bytes}, as one JSON array: the rules of an object body. */
    public static ArrayNode array(KeycloakSession session, byte[] body) {
        boolean empty = body == null || body.length == 0;
        requireJsonContent(session, !empty);
        if (empty) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, NOT_ARRAY);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Request body is not UTF-8.");
        }
        JsonNode node = value(text, NOT_ARRAY);
        if (!node.isArray()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, NOT_ARRAY);
        }
        return (ArrayNode) node;
    }

    /** One JSON value of at most {@value #MAX_BYTES} bytes, nothing after it; {@code empty} says what was expected. */
    private static JsonNode value(String body, String empty) {
        if (body == null || body.isBlank()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, empty);
        }
        if (body.length() > MAX_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge();
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(body)) {
            node = MAPPER.readTree(parser);
            // Whatever follows the first value, even something that is not JSON at all, is the same mistake.
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw ApiErrors.error(Response.Status.BAD_REQUEST, TRAILING);
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.contains("nesting depth")) {
                throw ApiErrors.error(Response.Status.BAD_REQUEST,
                        "Request body is nested deeper than " + MAX_DEPTH + " levels.");
            }
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Malformed JSON: " + message);
        } catch (IOException e) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, "Malformed JSON");
        }
        if (node == null) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, empty);
        }
        return node;
    }

    private static WebApplicationException tooLarge() {
        return ApiErrors.error(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "Request body is larger than " + MAX_BYTES + " bytes.");
    }

    /**
     * Refuses, before any resource of the bundle is reached, a request that carries a body of a type the bundle never
     * reads (multipart, forms, text): Keycloak's HTTP layer would otherwise parse a multipart body eagerly and answer
     * a malformed one with a 500. Called by the bundle's resource factories, so it covers every endpoint.
     */
    public static void refuseForeignBody(KeycloakSession session) {
        if (session.getContext().getHttpRequest() == null || session.getContext().getRequestHeaders() == null) {
            return;
        }
        String method = session.getContext().getHttpRequest().getHttpMethod();
        MediaType type = session.getContext().getRequestHeaders().getMediaType();
        if (type != null && !isJson(type) && ("POST".equals(method) || "PUT".equals(method)
                || "PATCH".equals(method) || "DELETE".equals(method))) {
            throw ApiErrors.error(Response.Status.UNSUPPORTED_MEDIA_TYPE, NOT_JSON);
        }
    }

    /** A body of any other type, or a body without a type, is 415; no body at all is for the caller to judge. */
    private static void requireJsonContent(KeycloakSession session, String body) {
        requireJsonContent(session, body != null && !body.isEmpty());
    }

    private static void requireJsonContent(KeycloakSession session, boolean hasBody) {
        MediaType type = session.getContext().getRequestHeaders().getMediaType();
        if (type == null ? hasBody : !isJson(type)) {
            throw ApiErrors.error(Response.Status.UNSUPPORTED_MEDIA_TYPE, NOT_JSON);
        }
    }

    private static boolean isJson(MediaType type) {
        return "application".equalsIgnoreCase(type.getType()) && ("json".equalsIgnoreCase(type.getSubtype())
                || type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
    }
}
