package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Malformed, missing, oversized, wrong-typed and hostile bodies: each is a 4xx with a precise message, never a 5xx,
 * and nothing is stored: the table's row count is checked before and after every case.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class CredentialBadInputIT {

    private static final String BIG_KEY = "k".repeat(8193);
    private static final String BIG_UNICODE_KEY = "🔑".repeat(2049);

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    private Vault vault;
    private String alice;
    private String existingId;

    @BeforeEach
    void aliceHasOneCredential() {
        vault = new Vault(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        existingId = Vault.json(vault.list(alice)).findValuesAsText("id").stream().findFirst()
                .orElseGet(() -> vault.created(alice, "{\"service_name\": \"lastfm\", \"api_key\": \"k1\"}"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // body, expected status, JSON pointer of the error, expected message (prefix)
                Arguments.of("", 400, "/detail", "Request body must be a JSON object"),
                Arguments.of("{", 400, "/detail", "Malformed JSON"),
                Arguments.of("not json", 400, "/detail", "Malformed JSON"),
                Arguments.of("[]", 400, "/detail", "Request body must be a JSON object"),
                Arguments.of("\"spotify\"", 400, "/detail", "Request body must be a JSON object"),
                Arguments.of("null", 400, "/detail", "Request body must be a JSON object"),
                Arguments.of("{}", 400, "/service_name/0", "Service name is required"),
                Arguments.of("{\"api_key\": \"k\"}", 400, "/service_name/0", "Service name is required"),
                Arguments.of("{\"service_name\": \"spotify\"}", 400, "/api_key/0", "API key is required"),
                Arguments.of("{\"service_name\": null, \"api_key\": null}", 400, "/api_key/0", "API key is required"),
                Arguments.of("{\"service_name\": \"\", \"api_key\": \"k\"}", 400, "/service_name/0",
                        "Service name is required"),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"   \"}", 400, "/api_key/0",
                        "API key is required"),
                Arguments.of("{\"service_name\": 42, \"api_key\": \"k\"}", 400, "/service_name/0", "Must be a string."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": [\"k\"]}", 400, "/api_key/0",
                        "Must be a string."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": {\"k\": 1}}", 400, "/api_key/0",
                        "Must be a string."),
                Arguments.of("{\"service_name\": \"lastfm\", \"api_key\": \"k\", \"service_user_id\": 7}", 400,
                        "/service_user_id/0", "Must be a string."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"apikey\": \"typo\"}", 400,
                        "/apikey/0", "Unknown field."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"user\": \"bob\"}", 400,
                        "/user/0", "Unknown field."),
                Arguments.of("{\"service_name\": \"spotify\", \"service_name\": \"lastfm\", \"api_key\": \"k\"}", 400,
                        "/detail", "Malformed JSON: Duplicate field 'service_name'"),
                Arguments.of("{\"service_name\": \"" + "s".repeat(51) + "\", \"api_key\": \"k\"}", 400,
                        "/service_name/0", "Ensure this field has no more than 50 characters."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"" + BIG_KEY + "\"}", 400, "/api_key/0",
                        "Ensure this field has no more than 8192 bytes."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"" + BIG_UNICODE_KEY + "\"}", 400,
                        "/api_key/0", "Ensure this field has no more than 8192 bytes."),
                Arguments.of("{\"service_name\": \"lastfm\", \"api_key\": \"k\", \"service_user_id\": \""
                        + "u".repeat(101) + "\"}", 400, "/service_user_id/0",
                        "Ensure this field has no more than 100 characters."),
                Arguments.of("{\"service_name\": \"netflix\", \"api_key\": \"k\"}", 400, "/service_name/0",
                        "Unknown service 'netflix'. Allowed: spotify, lastfm, trakt_client_id, trakt_client_secret,"
                                + " steam, psn, xbox, retroachievements."),
                Arguments.of("{\"service_name\": \"Spotify\", \"api_key\": \"k\"}", 400, "/service_name/0",
                        "Unknown service 'Spotify'."),
                Arguments.of("{\"service_name\": \"spotify'; DROP TABLE LK_VAULT_CREDENTIAL;--\", \"api_key\": \"k\"}",
                        400, "/service_name/0", "Unknown service"),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"service_user_id\": \"me\"}", 400,
                        "/service_user_id/0", "Service 'spotify' takes no service_user_id."),
                Arguments.of("{\"service_name\": \"lastfm\", \"api_key\": \"k\", \"service_user_id\": \"a\\u0000b\"}",
                        400, "/service_user_id/0", "Must not contain control characters."),
                Arguments.of("{\"service_name\": \"spot\\u0000ify\", \"api_key\": \"k\"}", 400, "/service_name/0",
                        "Must not contain control characters."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"metadata\": \"x\"}", 400,
                        "/metadata/0", "Must be a JSON object."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"metadata\": {\"a\": [1]}}", 400,
                        "/metadata/0", "Value of 'a' must be a string, number, boolean or null."),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"metadata\": {\"<script>\": 1}}",
                        400, "/metadata/0", "Key '<script>' must be 1 to 64 characters"),
                Arguments.of("{\"service_name\": \"spotify\", \"api_key\": \"k\", \"metadata\": {\"n\": \""
                        + "v".repeat(3000) + "\"}}", 400, "/metadata/0", "Ensure it is no larger than 2048 bytes"));
    }

    @ParameterizedTest(name = "[{index}] create {3}")
    @MethodSource("badBodies")
    void badCreateIsRejectedAndStoresNothing(String body, int status, String pointer, String message)
            throws Exception {
        long before = rows();

        HttpResponse<String> response = vault.create(alice, body);

        assertRejected(response, status, pointer, message);
        assertEquals(before, rows(), "nothing stored");
    }

    @ParameterizedTest(name = "[{index}] replace {3}")
    @MethodSource("badBodies")
    void badReplaceIsRejectedAndChangesNothing(String body, int status, String pointer, String message)
            throws Exception {
        String before = vault.get(alice, existingId).body();

        HttpResponse<String> response = vault.put(alice, existingId, body);

        assertRejected(response, status, pointer, message);
        assertEquals(before, vault.get(alice, existingId).body(), "nothing changed");
    }

    @ParameterizedTest(name = "[{index}] verify {0}")
    @MethodSource("badVerifyBodies")
    void badVerifyIsRejected(String body, String pointer, String message) {
        assertRejected(vault.verify(alice, body), 400, pointer, message);
    }

    static Stream<Arguments> badVerifyBodies() {
        return Stream.of(
                Arguments.of("", "/detail", "Request body must be a JSON object"),
                Arguments.of("{", "/detail", "Malformed JSON"),
                Arguments.of("{}", "/service_name/0", "Service name is required"),
                Arguments.of("{\"service_name\": 1}", "/service_name/0", "Must be a string."),
                Arguments.of("{\"service_name\": \"spotify\", \"x\": 1}", "/x/0", "Unknown field."),
                Arguments.of("{\"service_name\": \"" + "s".repeat(51) + "\"}", "/service_name/0",
                        "Ensure this field has no more than 50 characters."));
    }

    private static void assertRejected(HttpResponse<String> response, int status, String pointer, String message) {
        assertEquals(status, response.statusCode(), response.body());
        String actual = Vault.json(response).at(pointer).asText();
        assertTrue(actual.startsWith(message), "expected '" + message + "' at " + pointer + ", got " + response.body());
    }

    private static long rows() throws Exception {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_VAULT_CREDENTIAL");
    }
}
