package io.latchkey.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * {@code /realms/{realm}/latchkey-api/openapi.json} and {@code openapi.yaml} (and {@code docs}, the same rendered for a
 * browser): the OpenAPI document of the bundle that
 * this server runs, the one written at build time, with {@code servers} naming this server as the caller reached it,
 * so a client generator or viewer pointed at it calls the right host. Public, like the realm's OpenID configuration:
 * it describes endpoints, never data.
 */
public final class ApiDocsResource {

    static final String DOCUMENT = "META-INF/latchkey/openapi.json";
    static final String VIEWER = "META-INF/latchkey/openapi.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final KeycloakSession session;

    public ApiDocsResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("openapi.json")
    public Response json() throws IOException {
        return document("application/json", JSON);
    }

    @GET
    @Path("openapi.yaml")
    public Response yaml() throws IOException {
        return document("application/yaml", YAML);
    }

    /**
     * The same document rendered for a browser: one self-contained page (Redoc and the document inlined at build time,
     * nothing fetched from elsewhere). Its inline scripts and styles are allowed by this response's own policy only.
     */
    @GET
    @Path("docs")
    public Response viewer() {
        // Keycloak would replace this response's policy with the realm's browser security headers (which allow
        // inline scripts anywhere on the page); this page brings a stricter policy of its own.
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(Viewer.PAGE, "text/html; charset=utf-8").cacheControl(cache)
                .header("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline' 'self' blob:;"
                        + " style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self';"
                        + " worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private Response document(String mediaType, ObjectMapper writer) throws IOException {
        ObjectNode document = Document.INSTANCE.deepCopy();
        URI base = session.getContext().getUri().getBaseUri();
        String server = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        document.putArray("servers").addObject().put("url", server)
                .put("description", "This server; {realm} is any of its realms, for example "
                        + session.getContext().getRealm().getName() + ".");
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(writer.writeValueAsString(document), mediaType).cacheControl(cache)
                .header("Access-Control-Allow-Origin", "*").build();
    }

    /** The rendered page packed into this jar by the build, read once. */
    private static final class Viewer {
        static final byte[] PAGE = load();

        private static byte[] load() {
            try (InputStream in = ApiDocsResource.class.getClassLoader().getResourceAsStream(VIEWER)) {
                if (in == null) {
                    throw new IllegalStateException("The OpenAPI viewer page is missing from the api-docs jar.");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The document packed into this jar by the build, read once. */
    private static final class Document {
        static final ObjectNode INSTANCE = load();

        private static ObjectNode load() {
            try (InputStream in = ApiDocsResource.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
                if (in == null) {
                    throw new IllegalStateException("The OpenAPI document is missing from the api-docs jar.");
                }
                JsonNode node = JSON.readTree(in);
                return (ObjectNode) node;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
