package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;
import io.latchkey.testsupport.TableReads;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * Malformed, missing, oversized, wrong-typed and hostile input on every API-key endpoint: a 4xx with a precise
 * message, never a 5xx, nothing stored or changed. Keys that fail the format or checksum are refused without a single
 * statement against the key table (counted with H2's query statistics).
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyBadInputIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private static String validKey;
    private static String keyId;
    private ApiKeys keys;
    private String alice;

    @BeforeEach
    void aliceHasAKey() {
        keys = new ApiKeys(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        if (validKey == null) {
            JsonNode created = keys.created(alice, "{\"name\": \"bad-input baseline\", \"roles\": [\"reader\"]}");
            validKey = created.get("key").asText();
            keyId = created.get("id").asText();
        }
    }

    static Stream<Arguments> badAuthorization() {
        return Stream.of(
                // name, the Authorization header line made from a valid key (null: none)
                Arguments.of("no Authorization header", (UnaryOperator<String>) k -> null),
                Arguments.of("empty Bearer", (UnaryOperator<String>) k -> "Authorization: Bearer "),
                Arguments.of("Basic scheme", (UnaryOperator<String>) k -> "Authorization: Basic " + k),
                Arguments.of("no scheme", (UnaryOperator<String>) k -> "Authorization: " + k),
                Arguments.of("two spaces", (UnaryOperator<String>) k -> "Authorization: Bearer  " + k),
                Arguments.of("wrong prefix", (UnaryOperator<String>) k -> "Authorization: Bearer pk" + k.substring(2),
                        false),
                Arguments.of("wrong environment",
                        (UnaryOperator<String>) k -> "Authorization: Bearer " + k.replace("_live_", "_prod_")),
                Arguments.of("bad checksum", (UnaryOperator<String>) k -> "Authorization: Bearer " + flipLast(k)),
                Arguments.of("mistyped character",
                        (UnaryOperator<String>) k -> "Authorization: Bearer " + flipAt(k, 10)),
                Arguments.of("truncated", (UnaryOperator<String>) k -> "Authorization: Bearer " + k.substring(0, 39),
                        false),
                Arguments.of("too long", (UnaryOperator<String>) k -> "Authorization: Bearer " + k + "A".repeat(4000),
                        false),
                Arguments.of("non-ASCII", (UnaryOperator<String>) k -> "Authorization: Bearer " + k.substring(0, 20)
                        + "é" + k.substring(21)),
                Arguments.of("SQL in the key",
                        (UnaryOperator<String>) k -> "Authorization: Bearer sk_live_' OR '1'='1"),
                Arguments.of("an access token instead of a key",
                        (UnaryOperator<String>) k -> "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
    }

    @ParameterizedTest(name = "[{index}] verify: {0}")
    @MethodSource("badAuthorization")
    void badCredentialIs401WithoutTouchingTheKeyTable(String name, UnaryOperator<String> header)
            throws Exception {
        List<String> headers = new ArrayList<>();
        String line = header.apply(validKey);
        if (line != null) {
            headers.add(line);
        }
        long before = keyTableStatements();

        RawHttp.Response response = RawHttp.send("127.0.0.1", "POST", keys.base + "/verify", headers, null);

        assertEquals(401, response.status(), response.body());
        JsonNode body = Http.JSON.readTree(response.body());
        assertEquals(false, body.get("valid").asBoolean());
        assertEquals("INVALID", body.get("code").asText());
        assertEquals(line == null ? "Missing API key" : "Invalid API key", body.get("detail").asText());
        assertEquals(before, keyTableStatements(), "no statement against LK_API_KEY");
    }

    @Test
    void twoAuthorizationHeadersAre401WithoutTouchingTheKeyTable() throws Exception {
        long before = keyTableStatements();

        RawHttp.Response response = RawHttp.send("127.0.0.1", "POST", keys.base + "/verify",
                List.of("Authorization: Bearer " + validKey, "Authorization: Bearer " + validKey), null);

        assertEquals(401, response.status(), response.body());
        assertEquals(before, keyTableStatements());
    }

    @Test
    void theSchemeIsCaseInsensitiveAsForEveryBearerCredential() {
        // One parser for access tokens and keys (RFC 9110: schemes are case-insensitive, as Keycloak reads them).
        RawHttp.Response response = RawHttp.send("127.0.0.1", "POST", keys.base + "/verify?dry_run=true",
                List.of("Authorization: bearer " + validKey), null);

        assertEquals(200, response.status(), response.body());
    }

    @Test
    void wellFormedUnknownKeyIsLookedUp() throws Exception {
        // The control for the counting above: a key that passes the checksum does reach the table.
        assumeTrue(TableReads.available());
        String unknown = KeyFormat.STRIPE_STYLE.generate("live", new SecureRandom());
        long before = keyTableStatements();

        assertEquals(401, keys.verify(unknown).statusCode());

        assertTrue(keyTableStatements() > before);
    }

    static Stream<Arguments> badCreateBodies() {
        return Stream.of(
                Arguments.of("", "/detail", "Request body must be a JSON object"),
                Arguments.of("{", "/detail", "Malformed JSON"),
                Arguments.of("[]", "/detail", "Request body must be a JSON object"),
                Arguments.of("{\"name\": \"a\", \"name\": \"b\", \"roles\": [\"reader\"]}", "/detail",
                        "Malformed JSON: Duplicate field 'name'"),
                Arguments.of("{\"roles\": [\"reader\"]}", "/name/0", "Name is required."),
                Arguments.of("{\"name\": \"  \", \"roles\": [\"reader\"]}", "/name/0", "Name is required."),
                Arguments.of("{\"name\": 7, \"roles\": [\"reader\"]}", "/name/0", "Must be a string."),
                Arguments.of("{\"name\": \"" + "n".repeat(101) + "\", \"roles\": [\"reader\"]}", "/name/0",
                        "Ensure this field has no more than 100 characters."),
                Arguments.of("{\"name\": \"a\\u0000b\", \"roles\": [\"reader\"]}", "/name/0",
                        "Must not contain control characters."),
                Arguments.of("{\"name\": \"k\", \"roles\": \"reader\"}", "/roles/0", "Must be a list of strings."),
                Arguments.of("{\"name\": \"k\", \"roles\": [1]}", "/roles/0", "Must be a list of strings."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"superuser\"]}", "/roles/0", "Unknown role 'superuser'."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"nowhere:read\"]}", "/roles/0",
                        "Unknown role 'nowhere:read'."),
                Arguments.of("{\"name\": \"k\", \"roles\": [" + "\"reader\",".repeat(50) + "\"reader\"]}", "/roles/0",
                        "Ensure this list has no more than 50 items."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"expires_at\": \"2020-01-01\"}",
                        "/expires_at/0", "Must be in the future."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"expires_at\": \"2020-01-01T00:00:00Z\"}",
                        "/expires_at/0", "Must be in the future."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"expires_at\": \"next tuesday\"}",
                        "/expires_at/0", "Must be a date (YYYY-MM-DD)"),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"expires_at\": 1767225600}",
                        "/expires_at/0", "Must be a string."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"notes\": \"" + "x".repeat(1001) + "\"}",
                        "/notes/0", "Ensure this field has no more than 1000 characters."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"integration\": [\"n8n\"]}",
                        "/integration/0", "Must be a string."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"environment\": \"prod\"}",
                        "/environment/0", "Must be one of: live, test."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"allowed_ips\": [\"10.0.0.0/33\"]}",
                        "/allowed_ips/0", "'10.0.0.0/33' is not an IP address or CIDR range."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"allowed_ips\": [\"example.com\"]}",
                        "/allowed_ips/0", "'example.com' is not an IP address or CIDR range."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"allowed_ips\": \"10.0.0.1\"}",
                        "/allowed_ips/0", "Must be a list of strings."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"organization\": \"globex\"}",
                        "/organization/0", "Unknown organization 'globex'."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"owner\": \"bob\"}", "/owner/0",
                        "Unknown field."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"is_active\": false}", "/is_active/0",
                        "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] create {2}")
    @MethodSource("badCreateBodies")
    void badCreateIsRejectedAndStoresNothing(String body, String pointer, String message) throws Exception {
        long before = rows();

        assertRejected(keys.create(alice, body), 400, pointer, message);

        assertEquals(before, rows(), "nothing stored");
    }

    static Stream<Arguments> badAdminCreateBodies() {
        return Stream.of(
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"]}", "/owner/0",
                        "Give exactly one of owner (a username) or service_account (a client id)."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"owner\": \"bob\", \"service_account\":"
                        + " \"gateway\"}", "/owner/0", "Give exactly one of owner"),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"owner\": \"nobody\"}", "/owner/0",
                        "Unknown user 'nobody'."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"owner\": \"service-account-gateway\"}",
                        "/owner/0", "Unknown user 'service-account-gateway'."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"service_account\": \"api-app\"}",
                        "/service_account/0", "No client 'api-app' with a service account."),
                Arguments.of("{\"name\": \"k\", \"roles\": [\"reader\"], \"owner\": 5}", "/owner/0",
                        "Must be a string."));
    }

    @ParameterizedTest(name = "[{index}] admin create {2}")
    @MethodSource("badAdminCreateBodies")
    void badAdminCreateIsRejectedAndStoresNothing(String body, String pointer, String message) throws Exception {
        long before = rows();

        assertRejected(keys.admin("POST", "/keys", admin.tokenManager().getAccessTokenString(), body), 400, pointer,
                message);

        assertEquals(before, rows(), "nothing stored");
    }

    static Stream<Arguments> badRegenerateBodies() {
        return Stream.of(
                Arguments.of("{", "/detail", "Malformed JSON"),
                Arguments.of("{\"grace_period_seconds\": -1}", "/grace_period_seconds/0",
                        "Must be a whole number of seconds from 0 to 86400 (24 hours)."),
                Arguments.of("{\"grace_period_seconds\": 86401}", "/grace_period_seconds/0", "Must be a whole number"),
                Arguments.of("{\"grace_period_seconds\": \"60\"}", "/grace_period_seconds/0", "Must be a whole number"),
                Arguments.of("{\"grace_period_seconds\": 1.5}", "/grace_period_seconds/0", "Must be a whole number"),
                Arguments.of("{\"grace_period_seconds\": 99999999999999999999}", "/grace_period_seconds/0",
                        "Must be a whole number"),
                Arguments.of("{\"grace\": 60}", "/grace/0", "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] regenerate {0}")
    @MethodSource("badRegenerateBodies")
    void badRegenerateIsRejectedAndChangesNothing(String body, String pointer, String message) throws Exception {
        String before = hash();

        assertRejected(keys.regenerate(alice, keyId, body), 400, pointer, message);

        assertEquals(before, hash(), "the secret is unchanged");
        assertEquals(200, keys.verify(validKey).statusCode());
    }

    static Stream<Arguments> badListQueries() {
        return Stream.of(
                Arguments.of("?active=maybe", "/active/0", "Must be true or false."),
                Arguments.of("?first=-1", "/first/0", "Must be a whole number from 0 to 2147483647."),
                Arguments.of("?first=abc", "/first/0", "Must be a whole number"),
                Arguments.of("?max=0", "/max/0", "Must be a whole number from 1 to 1000."),
                Arguments.of("?max=5000", "/max/0", "Must be a whole number from 1 to 1000."));
    }

    @ParameterizedTest(name = "[{index}] admin list {0}")
    @MethodSource("badListQueries")
    void badListQueryIsRejected(String query, String pointer, String message) {
        assertRejected(keys.admin("GET", "/keys" + query, admin.tokenManager().getAccessTokenString(), null), 400,
                pointer, message);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("{\"prefix\": \"SK_\"}", "/prefix/0", "Key prefix must be a lower-case letter"),
                Arguments.of("{\"prefix\": \"sk\"}", "/prefix/0", "Key prefix must be a lower-case letter"),
                Arguments.of("{\"prefix\": \"abcdefghijklm_\"}", "/prefix/0",
                        "Ensure this field has no more than 13 characters."),
                Arguments.of("{\"prefix\": 1}", "/prefix/0", "Must be a string."),
                Arguments.of("{\"environments\": \"live\"}", "/environments/0", "Must be a list of at most 10 names."),
                Arguments.of("{\"environments\": [\"Live\"]}", "/environments/0", "Key environment must be"),
                Arguments.of("{\"environments\": [\"live\", \"live\"]}", "/environments/0",
                        "Must be a list of distinct names."),
                Arguments.of("{\"reveal_reason\": \"yes\"}", "/reveal_reason/0", "Must be true or false."),
                Arguments.of("{\"secret_scanning_public_keys\": \"x\"}", "/secret_scanning_public_keys/0",
                        "Must be a list of at most 20 keys"),
                Arguments.of("{\"secret_scanning_public_keys\": [{\"key\": \"x\"}]}", "/secret_scanning_public_keys/0",
                        "Key 1: key_identifier must be a string"),
                Arguments.of("{\"secret_scanning_public_keys\": [{\"key_identifier\": \"a\", \"key\": \"not a key\"}]}",
                        "/secret_scanning_public_keys/0", "Key 1: key must be a PEM public key (-----BEGIN PUBLIC KEY-----)."),
                Arguments.of("{\"pepper\": \"x\"}", "/pepper/0", "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] settings {0}")
    @MethodSource("badSettings")
    void badSettingsAreRejectedAndChangeNothing(String body, String pointer, String message) {
        String token = admin.tokenManager().getAccessTokenString();
        String before = keys.admin("GET", "/settings", token, null).body();

        assertRejected(keys.admin("PUT", "/settings", token, body), 400, pointer, message);

        assertEquals(before, keys.admin("GET", "/settings", token, null).body());
    }

    /** Bodies of an admin's leak report; {@code %s} stands for a valid key of the realm, which must stay valid. */
    static Stream<Arguments> badLeakReports() {
        return Stream.of(
                Arguments.of("{}", "/key/0", "The leaked key is required."),
                Arguments.of("{\"key\": 1}", "/key/0", "Must be a string."),
                Arguments.of("{\"key\": \"%s\", \"url\": 5}", "/url/0", "Must be a string."),
                Arguments.of("{\"key\": \"%s\", \"source\": true}", "/source/0", "Must be a string."),
                Arguments.of("{\"key\": \"%s\", \"found_at\": \"x\"}", "/found_at/0", "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] leak report {0}")
    @MethodSource("badLeakReports")
    void badLeakReportIsRejectedAndRevokesNothing(String body, String pointer, String message) {
        assertRejected(keys.admin("POST", "/leaked", admin.tokenManager().getAccessTokenString(),
                body.formatted(validKey)), 400, pointer, message);

        ApiKeys.expect(200, keys.verify(validKey));
    }

    private static void assertRejected(HttpResponse<String> response, int status, String pointer, String message) {
        assertEquals(status, response.statusCode(), response.body());
        String actual = Http.json(response).at(pointer).asText();
        assertTrue(actual.startsWith(message), "expected '" + message + "' at " + pointer + ", got " + response.body());
    }

    private static long rows() throws Exception {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY");
    }

    private static String hash() throws Exception {
        return TestDatabaseSql.rows("SELECT SECRET_HASH FROM LK_API_KEY WHERE ID = ?", keyId).get(0).get(0);
    }

    /**
     * Statements against the key table so far, once the usage flusher is idle (H2 only; elsewhere 0, and the
     * "no statement" checks hold trivially: the PostgreSQL pass proves the 401s, the H2 pass the absence of reads).
     */
    private static long keyTableStatements() throws Exception {
        if (!TableReads.available()) {
            return 0;
        }
        TableReads.enable();
        long previous = -1;
        long current = TableReads.statementsOn("LK_API_KEY");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (current != previous) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("statements on LK_API_KEY never settled within 30 s: something polls it");
            }
            Thread.sleep(3 * ApiKeysServerConfig.USAGE_FLUSH_MILLIS);
            previous = current;
            current = TableReads.statementsOn("LK_API_KEY");
        }
        return current;
    }

    private static String flipLast(String key) {
        return flipAt(key, key.length() - 1);
    }

    private static String flipAt(String key, int index) {
        char c = key.charAt(index);
        return key.substring(0, index) + (c == 'A' ? 'B' : 'A') + key.substring(index + 1);
    }
}
