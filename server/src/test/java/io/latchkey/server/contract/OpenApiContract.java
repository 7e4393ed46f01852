package io.latchkey.server.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import io.latchkey.testsupport.Http;

/**
 * The bundle's OpenAPI document, read from the api-docs jar the server runs, and what a response must be to agree
 * with it: its path and method are documented, its status is among the operation's responses, its media type is the
 * documented one, and its JSON body is valid against the documented schema (OpenAPI 3.1's JSON Schema dialect,
 * validated by networknt's json-schema-validator).
 */
final class OpenApiContract {

    static final String RESOURCE = "META-INF/latchkey/openapi.json";
    /** How the document's shared 503 begins (the openapi module's filter adds it to every operation). */
    static final String DATABASE_UNAVAILABLE = "The database cannot be reached";
    private static final List<String> VERBS = List.of("get", "put", "post", "delete", "patch");

    final ObjectNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry schemas = SchemaRegistry.withDialect(Dialects.getOpenApi31());

    /** One documented operation: its method, path template and the pattern a concrete path must match. */
    record Operation(String method, String path, Pattern pattern, int literals, JsonNode node) {

        String id() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        TreeSet<String> statuses() {
            TreeSet<String> statuses = new TreeSet<>();
            node.path("responses").fieldNames().forEachRemaining(statuses::add);
            return statuses;
        }

        boolean secured() {
            JsonNode security = node.get("security");
            return security == null || !security.isEmpty();
        }

        boolean takesBody() {
            return node.has("requestBody");
        }

        boolean acceptsApiKeys() {
            return node.path("security").toString().contains("\"apiKey\"");
        }

        boolean acceptsOnlyApiKeys() {
            return acceptsApiKeys() && !node.path("security").toString().contains("\"bearer\"");
        }

        /** Whether the path names an object beyond the realm ({id}, {username}, ...). */
        boolean namesAnObject() {
            return path.replace("{realm}", "").contains("{");
        }

        boolean admin() {
            return path.startsWith("/admin/");
        }

        /** Whether the operation's only documented 503 is the one every operation has when the database is lost. */
        boolean unavailableOnlyWithoutDatabase() {
            return node.at("/responses/503/description").asText().startsWith(DATABASE_UNAVAILABLE);
        }
    }

    OpenApiContract() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath (latchkey-api-docs)");
            }
            document = (ObjectNode) Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        document.path("paths").fields().forEachRemaining(path -> VERBS.stream()
                .filter(verb -> path.getValue().has(verb))
                .forEach(verb -> operations.add(operation(verb, path.getKey(), path.getValue().get(verb)))));
    }

    List<Operation> operations() {
        return operations;
    }

    /** The documented operation a concrete request goes to: the most specific template that matches it. */
    Optional<Operation> find(String method, String rawPath) {
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.pattern().matcher(rawPath).matches())
                .max(Comparator.comparingInt(Operation::literals));
    }

    /** What is wrong with this response, by the document; empty when it agrees. */
    List<String> check(Operation op, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        JsonNode response = op.node().path("responses").get(Integer.toString(status));
        if (response == null) {
            problems.add(op.id() + " answered " + status + ", which the document does not name (it names "
                    + op.statuses() + "): " + abbreviate(body));
            return problems;
        }
        JsonNode content = response.get("content");
        boolean empty = body == null || body.isEmpty();
        if (content == null || content.isEmpty()) {
            if (!empty) {
                problems.add(op.id() + " " + status + " has a body the document does not describe: " + abbreviate(body));
            }
            return problems;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.get(mediaType);
        if (media == null) {
            problems.add(op.id() + " " + status + " answered " + (mediaType.isEmpty() ? "no media type" : mediaType)
                    + ", the document says " + names(content));
            return problems;
        }
        if (!mediaType.endsWith("json") || !media.has("schema")) {
            return problems;
        }
        JsonNode instance;
        try {
            instance = Http.JSON.readTree(empty ? "" : body);
        } catch (IOException e) {
            problems.add(op.id() + " " + status + " is not JSON: " + abbreviate(body));
            return problems;
        }
        if (instance == null || instance.isMissingNode()) {
            problems.add(op.id() + " " + status + " has no body; the document describes one");
            return problems;
        }
        for (Error error : schemas.getSchema(SchemaLocation.of("https://latchkey.invalid/contract"), standalone(
                media.get("schema"))).validate(instance)) {
            problems.add(op.id() + " " + status + ": " + error.getInstanceLocation() + " " + error.getMessage()
                    + " in " + abbreviate(body));
        }
        return problems;
    }

    /** The schema as a document of its own, carrying the components its references point at. */
    private ObjectNode standalone(JsonNode schema) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("$schema", "https://spec.openapis.org/oas/3.1/dialect/base");
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("components", document.path("components").deepCopy());
        return root;
    }

    private static Operation operation(String verb, String path, JsonNode node) {
        StringBuilder regex = new StringBuilder();
        int literals = 0;
        for (String segment : path.substring(1).split("/")) {
            regex.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                regex.append("[^/]+");
            } else {
                regex.append(Pattern.quote(segment));
                literals++;
            }
        }
        return new Operation(verb, path, Pattern.compile(regex.toString()), literals, node);
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = content.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names.toString();
    }

    static String abbreviate(String body) {
        if (body == null) {
            return "(no body)";
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    static Map.Entry<String, String> key(Operation op, int status) {
        return Map.entry(op.id(), Integer.toString(status));
    }
}
