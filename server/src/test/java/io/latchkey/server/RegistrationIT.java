package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.registration.rest.RegistrationResource;
import io.latchkey.testsupport.HostileBodies;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;
import io.latchkey.testsupport.Tokens;

/**
 * The legacy services' {@code POST /api/auth/register} as {@code POST /realms/latchkey/registration}: validated by the
 * demo realm's user profile and password policy, duplicates 409, bad input 400 with nothing stored, rate limited; and
 * what their clients did next (read the profile, use the account's API key) works for the new account.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class RegistrationIT {

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    private String url;

    @BeforeEach
    void generousRateLimit() {
        url = realm.getBaseUrl() + "/registration";
        setRateLimit("1000");
    }

    @Test
    void registrationCreatesTheUserWhoLogsInByUsernameOrEmail() {
        HttpResponse<String> response = register("{\"username\": \"johndoe\", \"name\": \"John Doe\","
                + " \"email\": \"john@example.com\", \"password\": \"password123\", \"confirm_password\": \"password123\","
                + " \"type\": \"Business\", \"about_me\": \"Crate digger\", \"hobbies\": \"vinyl\"}");

        assertEquals(201, response.statusCode(), response.body());
        JsonNode user = Http.json(response);
        assertEquals("johndoe", user.get("username").asText());
        assertEquals("john@example.com", user.get("email").asText());
        assertEquals("John", user.get("first_name").asText());
        assertEquals("Doe", user.get("last_name").asText());
        assertEquals("Business", user.get("type").asText());
        assertEquals("Crate digger", user.get("about_me").asText());
        assertFalse(response.body().contains("password123"));

        for (String login : List.of("johndoe", "john@example.com")) {
            String token = Tokens.accessToken(login(login, "password123"));
            JsonNode me = Http.json(Http.get(realm.getBaseUrl() + "/protocol/openid-connect/userinfo", token));
            assertEquals("johndoe", me.get("preferred_username").asText());
            assertEquals("Business", me.get("type").asText());
            assertEquals("vinyl", me.get("hobbies").asText());
        }
    }

    @Test
    void registrationDefaultsTheAccountType() {
        HttpResponse<String> response = register("{\"username\": \"streamer\", \"email\": \"streamer@example.com\","
                + " \"password\": \"streamly2024\", \"first_name\": \"Stream\", \"last_name\": \"Er\"}");

        assertEquals(201, response.statusCode(), response.body());
        assertEquals("Personal", Http.json(response).get("type").asText());
        assertEquals("Er", Http.json(response).get("last_name").asText());
    }

    @Test
    void aNewAccountHasThePlanAndLevelDefaultsAndMakesAndVerifiesItsFirstKey() {
        HttpResponse<String> response = register("{\"username\": \"firstkey\", \"email\": \"firstkey@example.com\","
                + " \"password\": \"first-key-1\"}");
        assertEquals(201, response.statusCode(), response.body());
        String token = Tokens.accessToken(login("firstkey", "first-key-1"));

        JsonNode me = Http.json(Http.get(realm.getBaseUrl() + "/protocol/openid-connect/userinfo", token));
        assertEquals("free", me.path("subscription_plan").asText(), me.toString());
        assertEquals("basic", me.path("level").asText(), me.toString());
        assertEquals("free", Http.json(Http.get(realm.getBaseUrl() + "/quota", token)).path("subscription_plan")
                .asText());
        assertTrue(Http.json(Http.get(realm.getBaseUrl() + "/api-keys/roles", token)).toString()
                .contains("\"api-user\""), "a customer may give a key api-user");

        HttpResponse<String> created = Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", token,
                "{\"name\": \"my key\"}");
        assertEquals(201, created.statusCode(), created.body());
        String key = Http.json(created).path("key").asText();

        HttpResponse<String> verified = Http.request("POST", realm.getBaseUrl() + "/api-keys/verify", key, null);
        assertEquals(200, verified.statusCode(), verified.body());
        JsonNode body = Http.json(verified);
        assertTrue(body.path("valid").asBoolean());
        assertEquals("firstkey", body.path("username").asText(), "what the legacy verify client reads");
        assertTrue(body.has("remaining_conversations"), body.toString());
    }

    @Test
    void aTakenUsernameOrEmailIsAConflict() {
        assertEquals(201, register(user("taken", "taken@example.com")).statusCode());

        HttpResponse<String> sameName = register(user("taken", "other@example.com"));
        HttpResponse<String> sameEmail = register(user("other", "taken@example.com"));

        assertEquals(409, sameName.statusCode(), sameName.body());
        assertEquals("{\"username\":[\"Username already exists.\"]}", sameName.body());
        assertEquals(409, sameEmail.statusCode(), sameEmail.body());
        assertEquals("{\"email\":[\"Email already exists.\"]}", sameEmail.body());
        assertEquals(1, realm.admin().users().search("taken", true).size());
    }

    @Test
    void thePasswordPolicyIsTheRealms() {
        Map<String, String> weak = Map.of(
                "short1", "Invalid password: minimum length 8.",
                "longenoughbutnodigit", "Invalid password: must contain at least 1 numerical digits.",
                "weakling1", "Invalid password: must not be equal to the username.");
        for (Map.Entry<String, String> password : weak.entrySet()) {
            HttpResponse<String> response = register("{\"username\": \"weakling1\", \"email\": \"weak@example.com\","
                    + " \"password\": \"" + password.getKey() + "\"}");
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("{\"password\":[\"" + password.getValue() + "\"]}", response.body());
        }
        assertEquals(0, realm.admin().users().search("weakling1", true).size());
    }

    private record Case(String name, String body, String expected) {
    }

    @Test
    void hostileBodiesAreRefusedInWordsAndStoreNothing() {
        int before = realm.admin().users().count();

        HostileBodies.check("POST", realm.getBaseUrl() + "/registration", null, "{\"username\": \"hostile\","
                + " \"email\": \"hostile@example.com\", \"password\": \"password1\"}");

        assertEquals(before, realm.admin().users().count(), "nothing was stored");
    }

    @Test
    void usernamesThatImpersonateOthersAreRefused() {
        int before = realm.admin().users().count();
        for (String username : List.of("\uff41\uff44\uff4d\uff49\uff4e", "abc\u202edcba", "ad\u200bmin")) {
            HttpResponse<String> response = register("{\"username\": \"" + username + "\", \"email\":"
                    + " \"imp" + username.length() + "@example.com\", \"password\": \"password1\"}");

            assertEquals(400, response.statusCode(), username + ": " + response.body());
            JsonNode errors = Http.json(response).get("username");
            assertTrue(errors != null && errors.toString().matches(".*(plain characters|direction-changing).*"),
                    username + ": " + response.body());
        }
        assertEquals(before, realm.admin().users().count(), "nothing was stored");
    }

    @Test
    void badInputIsRefusedPreciselyAndStoresNothing() {
        int before = realm.admin().users().count();
        String required = "[\"This field is required.\"]";
        List<Case> cases = List.of(
                new Case("no body", null, "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("array", "[]", "{\"detail\":\"Request body must be a JSON object\"}"),
                new Case("not JSON", "username=x", null),
                new Case("duplicate key", "{\"username\": \"a\", \"username\": \"b\"}", null),
                new Case("empty", "{}", "{\"username\":" + required + ",\"email\":" + required + ",\"password\":"
                        + required + "}"),
                new Case("wrong types", "{\"username\": 1, \"email\": [], \"password\": true}",
                        "{\"username\":[\"Must be a string.\"],\"email\":[\"Must be a string.\"],"
                                + "\"password\":[\"Must be a string.\"]}"),
                new Case("mismatch", "{\"username\": \"mm\", \"email\": \"mm@example.com\", \"password\": \"password1\","
                        + " \"confirm_password\": \"password2\"}", "{\"confirm_password\":[\"Passwords do not match.\"]}"),
                new Case("admin-only field", "{\"username\": \"ao\", \"email\": \"ao@example.com\", \"password\":"
                        + " \"password1\", \"subscription_plan\": \"premium\"}",
                        "{\"subscription_plan\":[\"Only administrators can set this field.\"]}"),
                new Case("unknown field", "{\"username\": \"uf\", \"email\": \"uf@example.com\", \"password\":"
                        + " \"password1\", \"is_admin\": true}", "{\"is_admin\":[\"Unknown field.\"]}"),
                new Case("name and first_name", "{\"username\": \"nf\", \"email\": \"nf@example.com\", \"password\":"
                        + " \"password1\", \"name\": \"A B\", \"first_name\": \"A\"}",
                        "{\"name\":[\"Give either name or first_name and last_name, not both.\"]}"),
                new Case("bad email", "{\"username\": \"bademail\", \"email\": \"not-an-email\", \"password\": \"password1\"}",
                        "{\"email\":[\"Invalid email address.\"]}"),
                new Case("bad type", "{\"username\": \"bt\", \"email\": \"bt@example.com\", \"password\": \"password1\","
                        + " \"type\": \"Enterprise\"}", null),
                new Case("short username", "{\"username\": \"ab\", \"email\": \"su@example.com\", \"password\":"
                        + " \"password1\"}", null),
                new Case("hostile username", "{\"username\": \"<script>x</script>\", \"email\": \"hu@example.com\","
                        + " \"password\": \"password1\"}", null),
                new Case("control character", "{\"username\": \"cc\\u0000\", \"email\": \"cc@example.com\","
                        + " \"password\": \"password1\"}", "{\"username\":[\"Must not contain control characters.\"]}"),
                new Case("oversized", "{\"username\": \"" + "u".repeat(300) + "\", \"email\": \"os@example.com\","
                        + " \"password\": \"password1\"}", null),
                new Case("huge password", "{\"username\": \"hp\", \"email\": \"hp@example.com\", \"password\": \""
                        + "p1".repeat(200) + "\"}", "{\"password\":[\"Ensure this field has no more than 256"
                        + " characters.\"]}"),
                new Case("megabyte", "{\"username\": \"mb\", \"email\": \"mb@example.com\", \"password\": \"password1\","
                        + " \"about_me\": \"" + "x".repeat(1_000_000) + "\"}",
                        "{\"about_me\":[\"Ensure this field has no more than 2000 characters.\"]}"));

        for (Case c : cases) {
            HttpResponse<String> response = register(c.body());
            assertEquals(400, response.statusCode(), c.name() + ": " + response.body());
            if (c.expected() != null) {
                assertEquals(c.expected(), response.body(), c.name());
            } else {
                assertTrue(response.body().startsWith("{\""), c.name() + ": " + response.body());
            }
        }
        assertEquals(before, realm.admin().users().count(), "nothing was stored");
    }

    @Test
    void oneAddressRegisteringTooOftenIsLimited() {
        setRateLimit("3");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        List<String> json = List.of("Content-Type: application/json");
        for (int i = 0; i < 3; i++) {
            assertEquals(400, RawHttp.send("127.0.0.7", "POST", url, json, body).status());
        }

        RawHttp.Response limited = RawHttp.send("127.0.0.7", "POST", url, json, body);

        assertEquals(429, limited.status(), limited.body());
        assertTrue(limited.body().contains("Too many registrations from this address"), limited.body());
        assertEquals(400, RawHttp.send("127.0.0.8", "POST", url, json, body).status(), "other addresses go on");
    }

    @Test
    void aRealmWithoutRegistrationRefusesIt() {
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.setRegistrationAllowed(false);
        realm.admin().update(representation);
        try {
            HttpResponse<String> response = register(user("closed", "closed@example.com"));
            assertEquals(403, response.statusCode(), response.body());
            assertEquals("{\"detail\":\"Registration is disabled for this realm.\"}", response.body());
        } finally {
            representation.setRegistrationAllowed(true);
            realm.admin().update(representation);
        }
    }

    private static String user(String username, String email) {
        return "{\"username\": \"" + username + "\", \"email\": \"" + email + "\", \"password\": \"password123\"}";
    }

    private HttpResponse<String> register(String json) {
        return Http.request("POST", url, null, json);
    }

    private HttpResponse<String> login(String usernameOrEmail, String password) {
        return Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "latchkey-cli", "username", usernameOrEmail, "password", password, "scope", "openid"));
    }

    private void setRateLimit(String perMinute) {
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.getAttributes().put(RegistrationResource.RATE_LIMIT_ATTRIBUTE, perMinute);
        realm.admin().update(representation);
    }
}
