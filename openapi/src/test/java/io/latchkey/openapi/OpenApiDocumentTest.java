package io.latchkey.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The generated OpenAPI document lists every endpoint the bundle's resource classes declare, so a new endpoint
 * cannot ship undocumented: the expected set is read off the JAX-RS annotations, the actual off the document.
 */
class OpenApiDocumentTest {

    private static final Path DOCUMENT = Path.of("target/classes/META-INF/latchkey/openapi.json");
    private static final Set<Class<? extends Annotation>> VERBS = Set.of(GET.class, POST.class, PUT.class,
            DELETE.class, PATCH.class);

    @Test
    void documentsEveryEndpointOfEveryMountedResource() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(DOCUMENT.toFile()).get("paths");
        Set<String> documented = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(verb -> documented.add(verb.toUpperCase() + " " + path.getKey())));

        Set<String> declared = new TreeSet<>();
        for (Class<?> mounts : List.of(LatchkeyApiMounts.class, LatchkeyAdminApiMounts.class)) {
            collect(mounts, path(mounts.getAnnotation(jakarta.ws.rs.Path.class)), declared);
        }

        assertFalse(declared.isEmpty());
        assertTrue(documented.containsAll(declared), "undocumented: " + difference(declared, documented));
    }

    @Test
    void documentDeclaresBearerAuthAndTheBundleVersion() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(DOCUMENT.toFile());
        assertEquals("bearer", doc.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("Latchkey", doc.at("/info/title").asText());
        assertTrue(doc.at("/info/version").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void everyOperationDocumentsTheDatabaseOutage() throws IOException {
        JsonNode paths = new ObjectMapper().readTree(DOCUMENT.toFile()).get("paths");
        Set<String> wrong = new TreeSet<>();
        int operations = 0;
        for (var path = paths.fields(); path.hasNext();) {
            var item = path.next();
            for (var verb = item.getValue().fields(); verb.hasNext();) {
                var op = verb.next();
                if (VERBS.stream().noneMatch(v -> v.getSimpleName().equalsIgnoreCase(op.getKey()))) {
                    continue;
                }
                operations++;
                JsonNode unavailable = op.getValue().at("/responses/503");
                JsonNode schema = unavailable.at("/content/application~1json/schema");
                boolean errorBody = "#/components/schemas/Error".equals(schema.path("$ref").asText())
                        || schema.path("oneOf").toString().contains("\"#/components/schemas/Error\"");
                if (!unavailable.path("description").asText().contains(DatabaseUnavailableFilter.DATABASE_UNAVAILABLE)
                        || !"integer".equals(unavailable.at("/headers/Retry-After/schema/type").asText())
                        || !errorBody) {
                    wrong.add(op.getKey().toUpperCase() + " " + item.getKey() + ": " + unavailable);
                }
            }
        }
        assertTrue(operations > 50, "operations: " + operations);
        assertEquals(Set.of(), wrong);
    }

    private static void collect(Class<?> resource, String prefix, Set<String> out) {
        for (Method method : resource.getMethods()) {
            String path = prefix + path(method.getAnnotation(jakarta.ws.rs.Path.class));
            VERBS.stream().filter(method::isAnnotationPresent)
                    .forEach(verb -> out.add(verb.getSimpleName() + " " + (path.isEmpty() ? "/" : path)));
            boolean locator = method.isAnnotationPresent(jakarta.ws.rs.Path.class)
                    && VERBS.stream().noneMatch(method::isAnnotationPresent);
            if (locator) {
                collect(method.getReturnType(), path, out);
            }
        }
    }

    private static String path(jakarta.ws.rs.Path annotation) {
        if (annotation == null) {
            return "";
        }
        String value = annotation.value();
        return value.startsWith("/") ? value : "/" + value;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
