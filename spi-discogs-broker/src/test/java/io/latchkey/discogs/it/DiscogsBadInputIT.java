package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Malformed, missing, oversized, wrong-typed and hostile input to the PIN flow: a 400 (or 404) naming the problem,
 * never a 5xx, never a call to Discogs, nothing stored.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsBadInputIT {

    private static final String REQUIRED = "[\"This field is required.\"]";

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();
    private Discogs discogs;
    private String alice;

    @BeforeEach
    void startClean() {
        fake.reset();
        discogs = new Discogs(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
    }

    private record Case(String name, String body, int status, String expected) {
    }

    @Test
    void badVerifyBodiesAreRefusedPreciselyAndStoreNothing() throws Exception {
        String longState = "s".repeat(257);
        List<Case> cases = List.of(
                new Case("no body", null, 400, "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("blank body", "   ", 400, "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("array", "[]", 400, "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("string", "\"state\"", 400, "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("not JSON", "state=abc&verifier=1", 400, null),
                new Case("truncated", "{\"state\": \"abc\"", 400, null),
                new Case("empty object", "{}", 400, "{\"state\":" + REQUIRED + ",\"verifier\":" + REQUIRED + "}"),
                new Case("null state", "{\"state\": null, \"verifier\": \"1\"}", 400, "{\"state\":" + REQUIRED + "}"),
                new Case("blank state", "{\"state\": \"  \", \"verifier\": \"1\"}", 400,
                        "{\"state\":" + REQUIRED + "}"),
                new Case("number state", "{\"state\": 5, \"verifier\": \"1\"}", 400,
                        "{\"state\":[\"Must be a string.\"]}"),
                new Case("object verifier", "{\"state\": \"s\", \"verifier\": {\"pin\": 1}}", 400,
                        "{\"verifier\":[\"Must be a string.\"]}"),
                new Case("boolean oauth_verifier", "{\"state\": \"s\", \"oauth_verifier\": true}", 400,
                        "{\"oauth_verifier\":[\"Must be a string.\"]}"),
                new Case("both verifiers", "{\"state\": \"s\", \"verifier\": \"1\", \"oauth_verifier\": \"1\"}", 400,
                        "{\"verifier\":[\"Give either verifier or oauth_verifier, not both.\"]}"),
                new Case("oversized state", "{\"state\": \"" + longState + "\", \"verifier\": \"1\"}", 400,
                        "{\"state\":[\"Ensure this field has no more than 256 characters.\"]}"),
                new Case("control character", "{\"state\": \"a\\u0000b\", \"verifier\": \"1\"}", 400,
                        "{\"state\":[\"Must not contain control characters.\"]}"),
                new Case("unknown field", "{\"state\": \"s\", \"verifier\": \"1\", \"user_id\": \"x\"}", 400,
                        "{\"user_id\":[\"Unknown field.\"]}"),
                new Case("duplicate key", "{\"state\": \"a\", \"state\": \"b\", \"verifier\": \"1\"}", 400, null),
                new Case("SQL-ish state", "{\"state\": \"' OR 1=1 --\", \"verifier\": \"1\"}", 400,
                        "{\"detail\":\"OAuth state not found or expired. Please restart the OAuth flow.\"}"),
                new Case("markup state", "{\"state\": \"<script>alert(1)</script>\", \"verifier\": \"1\"}", 400,
                        "{\"detail\":\"OAuth state not found or expired. Please restart the OAuth flow.\"}"),
                new Case("megabyte", "{\"state\": \"" + "x".repeat(1_000_000) + "\", \"verifier\": \"1\"}", 400,
                        "{\"state\":[\"Ensure this field has no more than 256 characters.\"]}"));

        for (Case c : cases) {
            HttpResponse<String> response = discogs.verify(alice, c.body());
            assertEquals(c.status(), response.statusCode(), c.name() + ": " + response.body());
            if (c.expected() != null) {
                assertEquals(c.expected(), response.body(), c.name());
            } else {
                assertTrue(response.body().startsWith("{\"detail\":\"Malformed JSON"), c.name() + ": "
                        + response.body());
            }
        }
        assertEquals(0, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH), "no bad input reached Discogs");
        assertEquals("{\"connected\":false}", discogs.status(alice).body());
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE REALM_ID = ?",
                realm.getId()));
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_VAULT_CREDENTIAL WHERE REALM_ID = ?",
                realm.getId()));
    }

    @Test
    void hostileProviderNamesAreNotFound() {
        for (String provider : List.of("nope", "../../admin", "discogs%00", "x".repeat(5000), "<b>discogs</b>")) {
            HttpResponse<String> response = Http.get(realm.getBaseUrl() + "/discogs/status?provider="
                    + URLEncoder.encode(provider, StandardCharsets.UTF_8), alice);
            assertEquals(404, response.statusCode(), provider + ": " + response.body());
            assertTrue(response.body().startsWith("{\"detail\":\"This realm has no enabled Discogs identity"
                    + " provider '"), response.body());
            assertTrue(response.body().length() < 200, "the name is not echoed at length");
        }
    }

    @Test
    void badBearerCredentialsAreUnauthorized() {
        for (String token : List.of("", "x", "a.b.c", "Bearer", alice + "tampered")) {
            HttpResponse<String> response = discogs.authorize(token.isEmpty() ? null : token);
            assertEquals(401, response.statusCode(), token + ": " + response.body());
        }
        assertEquals(0, fake.requestCount(FakeDiscogs.REQUEST_TOKEN_PATH));
    }
}
