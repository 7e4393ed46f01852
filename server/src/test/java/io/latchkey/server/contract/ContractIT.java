package io.latchkey.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.registration.rest.RegistrationResource;
import io.latchkey.server.BundleServerConfig;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The OpenAPI document is the contract, checked against the real server.
 *
 * <ol>
 * <li>The running server serves the document the build wrote, naming itself as the server.</li>
 * <li>Every operation answers the errors every operation shares as documented: 401 without a credential, and, with
 * a credential, 415 for a body that is not JSON and 413 for one over 1 MiB.</li>
 * <li>Every exchange any integration test of the build had with a Latchkey endpoint (each module's tests record them
 * through test-support's {@code Http}; success paths, permission tables, hostile bodies, conflicts) is checked
 * against the document: a path or status it does not name, a media type or a JSON body its schema refuses, and any
 * 5xx fail. Then every status the document names for every operation must have been seen at least once: a documented
 * status nothing produces is a promise the contract cannot keep.</li>
 * </ol>
 * The last check reads the recordings of the whole reactor, so it runs from the root ({@code mvn verify}).
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractIT {

    private static final String CLI = "latchkey-cli";
    private static final int ONE_MIB = 1024 * 1024;
    /** The URL prefixes of Latchkey's own endpoints; any exchange under them must be documented. */
    private static final List<String> LATCHKEY_PREFIXES = List.of("api-keys", "credential-vault", "quota", "discogs",
            "registration");

    /**
     * Documented statuses no test of this build produces, each with the reason; kept short on purpose. Everything else
     * the document names must be seen.
     */
    private static final Map<String, List<String>> NOT_PRODUCED_HERE = Map.of(
            // The API-key pepper from Keycloak's vault, with the realm's secret absent: no test server is configured
            // with a vault pepper (the api-keys module's tests use a configured pepper).
            "POST /realms/{realm}/api-keys/keys", List.of("503"),
            "POST /admin/realms/{realm}/api-keys/keys", List.of("503"),
            "POST /realms/{realm}/api-keys/keys/{id}/regenerate", List.of("503"),
            "POST /admin/realms/{realm}/api-keys/keys/{id}/regenerate", List.of("503"),
            "POST /realms/{realm}/api-keys/verify", List.of("503"),
            // A service account's read while the realm's vault key is missing or the stored row cannot be decrypted:
            // the same checks as the user operations, whose 409 and 503 the vault module's tests produce.
            "GET /realms/{realm}/credential-vault/users/{user_id}/credentials/{service_name}", List.of("503"),
            "GET /realms/{realm}/discogs/users/{user_id}/token", List.of("409", "503"));

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak masterAdmin;

    private final OpenApiContract contract = new OpenApiContract();

    @Test
    @Order(1)
    void theServerServesTheDocumentTheBuildWroteNamingItself() throws IOException {
        HttpResponse<String> json = Http.get(realm.getBaseUrl() + "/latchkey-api/openapi.json", null);
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        ObjectNode served = (ObjectNode) Http.json(json);
        String base = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
        assertEquals(base, served.at("/servers/0/url").asText());
        ObjectNode built = contract.document.deepCopy();
        built.remove("servers");
        served.remove("servers");
        assertEquals(built, served, "the served document is the one the build wrote");

        HttpResponse<String> yaml = Http.get(realm.getBaseUrl() + "/latchkey-api/openapi.yaml", null);
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().startsWith("---") || yaml.body().startsWith("openapi:"), yaml.body().substring(0, 40));
        assertTrue(yaml.body().contains("openapi: \"3.1") || yaml.body().contains("openapi: 3.1"));

        // The reference a browser opens: one page with everything inlined, loading nothing from elsewhere.
        HttpResponse<String> page = Http.get(realm.getBaseUrl() + "/latchkey-api/docs", null);
        assertEquals(200, page.statusCode());
        assertEquals("text/html", page.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(page.body().contains("<title>Latchkey API</title>"), "the viewer page's title");
        assertTrue(page.body().contains("/api-keys/verify"), "the viewer page renders the document's operations");
        assertFalse(page.body().matches("(?s).*<(script|link)[^>]+(src|href)=\"https?://.*"),
                "the viewer page loads a script or stylesheet from another origin");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
    }

    @Test
    @Order(2)
    void everyOperationAnswersTheSharedErrorsAsDocumented() {
        // Other tests of this server registered from this address just before: the per-address registration limit
        // would answer 429 before the probes' 413 and 415.
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.getAttributes().put(RegistrationResource.RATE_LIMIT_ATTRIBUTE, "1000");
        realm.admin().update(representation);
        String admin = Tokens.password(realm.getBaseUrl(), CLI, "demo-admin", "admin-password-1");
        String user = Tokens.password(realm.getBaseUrl(), CLI, "demo", "demo-password-1");
        // A key with no roles: it authenticates, and opens none of Latchkey's endpoints.
        String roleless = Http.json(Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", user,
                "{\"name\": \"contract probe\"}")).path("key").asText();
        assertFalse(roleless.isEmpty());
        List<String> wrong = new ArrayList<>();
        int probes = 0;
        for (OpenApiContract.Operation op : contract.operations()) {
            String url = url(op);
            TreeSet<String> statuses = op.statuses();
            String allowed = op.admin() ? admin : op.acceptsOnlyApiKeys() ? roleless : user;
            if (op.secured()) {
                probes++;
                expect(wrong, op, "no credential", send(op.method(), url, null, null, null), 401);
            }
            if (statuses.contains("415")) {
                probes++;
                expect(wrong, op, "text/plain body", send(op.method(), url, allowed, "text/plain", "{\"name\": \"x\"}"),
                        415);
            }
            if (statuses.contains("413")) {
                probes++;
                // An object the path names that does not exist may be refused first (404): 413 then comes from the
                // modules' hostile-body tests, which use real objects.
                expect(wrong, op, "body over 1 MiB", send(op.method(), url, allowed, "application/json",
                        "[\"" + "a".repeat(ONE_MIB) + "\"]"), 413, op.namesAnObject() ? 404 : 413);
            }
            // Backend reads (/users/{user_id}/... outside the admin API) take a service account: their 404s come
            // from the modules' permission tables.
            boolean backendRead = !op.admin() && op.path().contains("/users/{user_id}/");
            if (statuses.contains("404") && op.namesAnObject() && !op.path().contains("/discogs/") && !backendRead) {
                probes++;
                expect(wrong, op, "an object that does not exist", send(op.method(), url, allowed,
                        op.takesBody() ? "application/json" : null, op.takesBody() ? "{}" : null), 404, 400);
            }
            if (op.path().contains("/discogs/") && statuses.contains("404") && !op.namesAnObject()) {
                probes++;
                expect(wrong, op, "a Discogs provider the realm does not have", send(op.method(),
                        url + "?provider=no-such-provider", user, op.takesBody() ? "application/json" : null,
                        op.takesBody() ? "{\"state\": \"s\", \"verifier\": \"v\"}" : null), 404);
            }
            // verify's 403 is the IP allow-list's (its own tests), not a role's: a key without roles verifies.
            if (statuses.contains("403") && (op.admin() || op.acceptsApiKeys() && !op.acceptsOnlyApiKeys())) {
                probes++;
                String refused = op.admin() ? user : roleless;
                expect(wrong, op, op.admin() ? "a user without admin rights" : "an API key without roles",
                        send(op.method(), url, refused, op.takesBody() ? "application/json" : null,
                                op.takesBody() ? "{}" : null), 403, op.namesAnObject() ? 404 : 403);
            }
        }
        assertTrue(probes > 100, "probed " + probes);
        assertEquals(List.of(), wrong);
    }

    @Test
    @Order(2)
    void everyOperationAnswersKeycloaksNotFoundForARealmThatDoesNotExist() {
        String master = masterAdmin.tokenManager().getAccessTokenString();
        List<String> wrong = new ArrayList<>();
        for (OpenApiContract.Operation op : contract.operations()) {
            String url = url(op).replace("/realms/latchkey/", "/realms/no-such-realm/");
            expect(wrong, op, "a realm that does not exist", send(op.method(), url, op.admin() ? master : null, null,
                    null), 404);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    @Order(2)
    void conflictsAndAnUnconfiguredProviderAnswerAsDocumented() {
        String admin = Tokens.password(realm.getBaseUrl(), CLI, "demo-admin", "admin-password-1");
        String user = Tokens.password(realm.getBaseUrl(), CLI, "demo", "demo-password-1");
        String id = Http.json(Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", user,
                "{\"name\": \"contract revoked\"}")).path("id").asText();
        assertEquals(200, Http.request("POST", realm.getBaseUrl() + "/api-keys/keys/" + id + "/revoke", user, null)
                .statusCode());
        assertEquals(409, Http.request("POST", realm.getBaseUrl() + "/api-keys/keys/" + id + "/regenerate", user, null)
                .statusCode(), "a revoked key cannot be regenerated");
        String adminApi = realm.getBaseUrl().replace("/realms/", "/admin/realms/");
        assertEquals(409, Http.request("POST", adminApi + "/api-keys/keys/" + id + "/regenerate", admin, null)
                .statusCode());

        // The demo realm's Discogs provider has no consumer key until an administrator sets one.
        HttpResponse<String> verify = Http.request("POST", realm.getBaseUrl() + "/discogs/verify", user,
                "{\"state\": \"s\", \"verifier\": \"v\"}");
        assertEquals(503, verify.statusCode(), verify.body());
    }

    @Test
    @Order(2)
    void everyOperationThatTakesAKeyAnswersTheRealmsRateLimitWith429AndRetryAfter() {
        String user = Tokens.password(realm.getBaseUrl(), CLI, "demo", "demo-password-1");
        String key = Http.json(Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", user,
                "{\"name\": \"contract rate limit\"}")).path("key").asText();
        assertFalse(key.isEmpty());
        String settings = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/quota/settings";
        String master = masterAdmin.tokenManager().getAccessTokenString();
        assertEquals(200, Http.request("PUT", settings, master, "{\"rate_limit_per_minute\": 1}").statusCode());
        List<String> wrong = new ArrayList<>();
        int probes = 0;
        try {
            for (OpenApiContract.Operation op : contract.operations()) {
                if (!op.acceptsApiKeys()) {
                    continue;
                }
                probes++;
                String contentType = op.takesBody() ? "application/json" : null;
                String body = op.takesBody() ? "{}" : null;
                // One use a minute: the first of a new minute passes, the one right after it cannot.
                HttpResponse<String> answer = send(op.method(), url(op), key, contentType, body);
                if (answer.statusCode() != 429) {
                    answer = send(op.method(), url(op), key, contentType, body);
                }
                expect(wrong, op, "a key over the realm's per-address rate limit", answer, 429);
                if (answer.statusCode() == 429 && (answer.headers().firstValue("Retry-After").isEmpty()
                        || !answer.body().contains("\"code\":\"RATE_LIMITED\""))) {
                    wrong.add(op.id() + ": 429 without Retry-After or the RATE_LIMITED code: "
                            + answer.headers().map() + " " + answer.body());
                }
            }
        } finally {
            assertEquals(200, Http.request("PUT", settings, masterAdmin.tokenManager().getAccessTokenString(),
                    "{\"rate_limit_per_minute\": 0}").statusCode());
        }
        assertTrue(probes >= 18, "probed " + probes);
        assertEquals(List.of(), wrong);
    }

    @Test
    @Order(3)
    void everyRecordedExchangeAgreesWithTheDocumentAndEveryDocumentedStatusIsSeen() throws IOException {
        Path reactor = Path.of(System.getProperty("latchkey.reactor.dir", ".."));
        List<Path> recordings;
        try (Stream<Path> modules = Files.list(reactor)) {
            recordings = modules.map(module -> module.resolve("target/contract")).filter(Files::isDirectory)
                    .flatMap(ContractIT::jsonl).toList();
        }
        TreeSet<String> recordedModules = new TreeSet<>();
        recordings.forEach(file -> recordedModules.add(file.getParent().getParent().getParent().getFileName()
                .toString()));
        // Registration's integration tests run in the server module, with the demo realm.
        List<String> expectedModules = List.of("server", "spi-api-keys", "spi-credential-vault",
                "spi-discogs-broker", "spi-quota");
        assertTrue(recordedModules.containsAll(expectedModules), "recordings of every module's integration tests are"
                + " needed (run mvn verify from the root); found " + recordedModules);

        List<String> problems = new ArrayList<>();
        Map<String, TreeSet<String>> seen = new TreeMap<>();
        long exchanges = 0;
        long serverErrors = 0;
        for (Path file : recordings) {
            for (String line : Files.readAllLines(file)) {
                JsonNode exchange = Http.JSON.readTree(line);
                String path = exchange.path("path").asText();
                if (!latchkey(path)) {
                    continue;
                }
                exchanges++;
                int status = exchange.path("status").asInt();
                if (status == 500) {
                    serverErrors++;
                    problems.add(exchange.path("method").asText() + " " + path + " answered 500: "
                            + OpenApiContract.abbreviate(text(exchange, "body")));
                }
                String method = exchange.path("method").asText();
                var op = contract.find(method, path);
                if (op.isEmpty()) {
                    if (status != 404 && status != 405) {
                        problems.add(method + " " + path + " answered " + status + " but is not in the document");
                    }
                    continue;
                }
                seen.computeIfAbsent(op.get().id(), k -> new TreeSet<>()).add(Integer.toString(status));
                problems.addAll(contract.check(op.get(), status, text(exchange, "contentType"), text(exchange,
                        "body")));
            }
        }
        assertTrue(exchanges > 1000, "only " + exchanges + " recorded exchanges with Latchkey endpoints");

        Map<String, TreeSet<String>> unseen = new TreeMap<>();
        for (OpenApiContract.Operation op : contract.operations()) {
            TreeSet<String> missing = op.statuses();
            missing.removeAll(seen.getOrDefault(op.id(), new TreeSet<>()));
            missing.removeAll(NOT_PRODUCED_HERE.getOrDefault(op.id(), List.of()));
            if (op.unavailableOnlyWithoutDatabase()) {
                // A lost database: DatabaseOutageContractIT produces it on PostgreSQL (.ci/run), where a test can cut
                // the server's connections; the embedded H2 of this run cannot be taken away from the server.
                missing.remove(Integer.toString(DatabaseOutageContractIT.UNAVAILABLE));
            }
            if (!missing.isEmpty()) {
                unseen.put(op.id(), missing);
            }
        }
        List<String> distinct = problems.stream().distinct().limit(200).toList();
        if (!distinct.isEmpty() || !unseen.isEmpty() || serverErrors > 0) {
            fail(exchanges + " exchanges, " + serverErrors + " answered 500; " + distinct.size()
                    + " disagreements:\n  " + String.join("\n  ", distinct) + "\ndocumented but never seen: "
                    + unseen);
        }
        assertFalse(seen.isEmpty());
    }

    private String url(OpenApiContract.Operation op) {
        String base = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
        return base + op.path().replace("{realm}", "latchkey").replaceAll("\\{[^}]+}", "contract-probe");
    }

    private static boolean latchkey(String path) {
        String[] segments = path.split("/");
        int at = path.startsWith("/admin/realms/") ? 4 : path.startsWith("/realms/") ? 3 : -1;
        return at > 0 && segments.length > at && LATCHKEY_PREFIXES.contains(segments[at]);
    }

    private static void expect(List<String> wrong, OpenApiContract.Operation op, String probe,
            HttpResponse<String> response, int expected) {
        expect(wrong, op, probe, response, expected, expected);
    }

    private static void expect(List<String> wrong, OpenApiContract.Operation op, String probe,
            HttpResponse<String> response, int expected, int alsoAccepted) {
        if (response.statusCode() != expected && response.statusCode() != alsoAccepted) {
            wrong.add(op.id() + " with " + probe + ": " + response.statusCode() + " "
                    + OpenApiContract.abbreviate(response.body()));
        }
    }

    private static HttpResponse<String> send(String method, String url, String bearer, String contentType,
            String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method.toUpperCase(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return Http.send(builder.build());
    }

    private static String text(JsonNode exchange, String field) {
        JsonNode node = exchange.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Stream<Path> jsonl(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
