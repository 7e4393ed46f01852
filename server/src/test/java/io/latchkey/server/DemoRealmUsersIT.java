package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Browser;
import io.latchkey.testsupport.BrowserLogin;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Jwt;
import io.latchkey.testsupport.Tokens;

/**
 * The legacy services' users and staff as the demo realm configures Keycloak: registration page with the profile fields,
 * login by username or email, the profile in userinfo, who may edit which attribute, brute-force lockout, token
 * lifetimes, and what each staff level may do in the admin API.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class DemoRealmUsersIT {

    private static final String SPA = "latchkey-spa";
    private static final String SPA_REDIRECT = "http://localhost:5173/callback";

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @Test
    void theRegistrationPageAsksForTheProfileFieldsAndCreatesTheUser() {
        Browser browser = new Browser();
        BrowserLogin.Pkce pkce = BrowserLogin.Pkce.create();
        HttpResponse<String> login = browser.get(pkce.authorizationUrl(realm.getBaseUrl(), SPA, SPA_REDIRECT,
                Map.of()));
        String registrationLink = login.body().replace("&amp;", "&")
                .replaceAll("(?s).*href=\"([^\"]*login-actions/registration[^\"]*)\".*", "$1");
        HttpResponse<String> form = browser.get(URI.create(realm.getBaseUrl()).resolve(registrationLink).toString());
        for (String field : List.of("name=\"type\"", "name=\"about_me\"", "name=\"hobbies\"")) {
            assertTrue(form.body().contains(field), field + " on the registration page");
        }
        assertFalse(form.body().contains("name=\"subscription_plan\""), "admin-only fields are not offered");

        HttpResponse<String> done = browser.follow(browser.submit(form, Map.of(
                "username", "formuser", "email", "formuser@example.com", "firstName", "Form", "lastName", "User",
                "password", "form-password-1", "password-confirm", "form-password-1",
                "type", "Business", "about_me", "Signed up on the page", "hobbies", "chess")),
                location -> location.startsWith(SPA_REDIRECT));

        String token = Tokens.accessToken(pkce.redeem(realm.getBaseUrl(), SPA, SPA_REDIRECT, Browser.location(done)));
        JsonNode me = userinfo(token);
        assertEquals("formuser", me.get("preferred_username").asText());
        assertEquals("Business", me.get("type").asText());
        assertEquals("chess", me.get("hobbies").asText());
    }

    @Test
    void usersLogInByUsernameOrEmailAndSeeTheirProfile() {
        for (String login : List.of("demo", "demo@latchkey.example")) {
            HttpResponse<String> tokens = passwordGrant(login, "demo-password-1");
            assertEquals(200, tokens.statusCode(), tokens.body());
            JsonNode me = userinfo(Tokens.accessToken(tokens));
            assertEquals("demo", me.get("preferred_username").asText());
            assertEquals("Personal", me.get("type").asText());
            assertEquals("free", me.get("subscription_plan").asText());
            assertEquals("records, synthesizers", me.get("hobbies").asText());
            assertFalse(me.has("additional_notes"), "staff notes are not the user's to see");
        }
    }

    @Test
    void tokensLastThirtyMinutesWithinADaylongSession() {
        JsonNode tokens = Http.json(passwordGrant("demo", "demo-password-1"));
        JsonNode claims = Jwt.claims(tokens.get("access_token").asText());

        assertEquals(1800, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertEquals(1800, tokens.get("expires_in").asLong());
        assertEquals(7200, tokens.get("refresh_expires_in").asLong());
    }

    @Test
    void usersEditTheirProfileButNotWhatOnlyAdminsSet() {
        String editorId = createUser("editor", "editor-password-1");
        UserRepresentation editor = realm.admin().users().get(editorId).toRepresentation();
        editor.setAttributes(Map.of("type", List.of("Personal"), "subscription_plan", List.of("free")));
        realm.admin().users().get(editorId).update(editor);
        Browser browser = new Browser();
        String token = Tokens.accessToken(BrowserLogin.login(browser, realm.getBaseUrl(), "account-console",
                realm.getBaseUrl() + "/account/", "editor", "editor-password-1"));
        UserRepresentation self = realm.admin().users().get(editorId).toRepresentation();

        HttpResponse<String> promote = accountUpdate(token, self, "subscription_plan", "premium");
        HttpResponse<String> aboutMe = accountUpdate(token, self, "about_me", "Edited by myself");

        assertEquals(400, promote.statusCode(), promote.body());
        assertEquals(204, aboutMe.statusCode(), aboutMe.body());
        UserRepresentation after = realm.admin().users().get(editorId).toRepresentation();
        assertEquals(List.of("free"), after.getAttributes().get("subscription_plan"));
        assertEquals(List.of("Edited by myself"), after.getAttributes().get("about_me"));

        after.getAttributes().put("subscription_plan", List.of("premium"));
        after.getAttributes().put("additional_notes", List.of("VIP since the demo"));
        realm.admin().users().get(editorId).update(after);
        UserRepresentation byAdmin = realm.admin().users().get(editorId).toRepresentation();
        assertEquals(List.of("premium"), byAdmin.getAttributes().get("subscription_plan"));
        assertEquals(List.of("VIP since the demo"), byAdmin.getAttributes().get("additional_notes"));
    }

    @Test
    void fiveWrongPasswordsLockTheAccountForAWhile() throws Exception {
        String id = createUser("lockme", "lockme-password-1");
        for (int i = 0; i < 5; i++) {
            // Spaced beyond the realm's quick-login check (1 s), which would lock after two rapid failures.
            Thread.sleep(1100);
            HttpResponse<String> refused = passwordGrant("lockme", "wrong-password-" + i);
            assertTrue(refused.body().contains("\"error\":\"invalid_grant\""), refused.body());
            if (i == 3) {
                assertEquals(Boolean.FALSE, realm.admin().attackDetection().bruteForceUserStatus(id).get("disabled"),
                        "four failures do not lock");
            }
        }

        HttpResponse<String> locked = passwordGrant("lockme", "lockme-password-1");

        assertFalse(locked.statusCode() == 200, "even the right password is refused: " + locked.body());
        Map<String, Object> status = realm.admin().attackDetection().bruteForceUserStatus(id);
        assertEquals(Boolean.TRUE, status.get("disabled"), status.toString());
        assertTrue(((Number) status.get("numFailures")).intValue() >= 5, status.toString());

        realm.admin().attackDetection().clearBruteForceForUser(id);
        assertEquals(200, passwordGrant("lockme", "lockme-password-1").statusCode());
    }

    @Test
    void supportStaffSeeUsersButCannotDeleteThemOrChangePlans() {
        String support = Tokens.accessToken(passwordGrant("demo-support", "support-password-1"));
        String victim = createUser("support-victim", "victim-password-1");

        assertEquals(200, admin("GET", "/users?first=0&max=5", support, null).statusCode());
        assertEquals(200, admin("GET", "/quota/users/demo", support, null).statusCode());
        assertEquals(403, admin("DELETE", "/users/" + victim, support, null).statusCode());
        assertEquals(403, admin("PUT", "/quota/users/demo", support, "{\"subscription_plan\": \"premium\"}")
                .statusCode());
        assertEquals(403, admin("PUT", "/users/" + victim, support, "{\"enabled\": false}").statusCode());
        assertEquals(403, admin("GET", "/clients", support, null).statusCode(), "no realm settings for support");
        HttpResponse<String> reset = admin("POST", "/quota/users/demo/reset", support, null);
        assertTrue(reset.statusCode() / 100 == 2, "support may reset limits: " + reset.statusCode() + " " + reset.body());
    }

    @Test
    void managersChangePlansAndAdminsManageEverything() {
        String manager = Tokens.accessToken(passwordGrant("demo-manager", "manager-password-1"));
        String admin = Tokens.accessToken(passwordGrant("demo-admin", "admin-password-1"));
        String victim = createUser("admin-victim", "victim-password-1");

        assertEquals(200, admin("PUT", "/quota/users/demo", manager, "{\"subscription_plan\": \"premium\"}")
                .statusCode());
        assertEquals(403, admin("GET", "/clients", manager, null).statusCode(), "no realm settings for managers");
        assertEquals(200, admin("PUT", "/quota/users/demo", admin, "{\"subscription_plan\": \"free\"}").statusCode());
        assertEquals(200, admin("GET", "/clients", admin, null).statusCode());
        assertEquals(204, admin("DELETE", "/users/" + victim, admin, null).statusCode());
    }

    @Test
    void anAdminCreatesAStaffMember() {
        String admin = Tokens.accessToken(passwordGrant("demo-admin", "admin-password-1"));
        HttpResponse<String> created = admin("POST", "/users", admin, "{\"username\": \"support1\", \"email\":"
                + " \"support1@example.com\", \"firstName\": \"Support\", \"lastName\": \"User\", \"enabled\": true,"
                + " \"credentials\": [{\"type\": \"password\", \"value\": \"support-password-2\", \"temporary\": false}]}");
        assertEquals(201, created.statusCode(), created.body());
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String role = admin("GET", "/roles/staff-support", admin, null).body();

        assertEquals(204, admin("POST", "/users/" + id + "/role-mappings/realm", admin, "[" + role + "]").statusCode());

        String support1 = Tokens.accessToken(passwordGrant("support1", "support-password-2"));
        assertEquals(200, admin("GET", "/users?first=0&max=1", support1, null).statusCode());
    }

    private HttpResponse<String> passwordGrant(String username, String password) {
        return Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "latchkey-cli", "username", username, "password", password, "scope", "openid"));
    }

    private JsonNode userinfo(String token) {
        HttpResponse<String> response = Http.get(realm.getBaseUrl() + "/protocol/openid-connect/userinfo", token);
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private HttpResponse<String> admin(String method, String path, String token, String json) {
        return Http.request(method, realm.getBaseUrl().replace("/realms/", "/admin/realms/") + path, token, json);
    }

    private HttpResponse<String> accountUpdate(String token, UserRepresentation self, String attribute, String value) {
        Map<String, List<String>> attributes = new java.util.HashMap<>(self.getAttributes());
        attributes.put(attribute, List.of(value));
        String body = Http.JSON.createObjectNode()
                .put("username", self.getUsername())
                .put("email", self.getEmail())
                .put("firstName", self.getFirstName())
                .put("lastName", self.getLastName())
                .set("attributes", Http.JSON.valueToTree(attributes)).toString();
        return Http.send(HttpRequest.newBuilder(URI.create(realm.getBaseUrl() + "/account/"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String createUser(String username, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.com");
        user.setFirstName("Test");
        user.setLastName("User");
        user.setEnabled(true);
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (Response response = realm.admin().users().create(user)) {
            assertEquals(201, response.getStatus());
        }
        return userId(username);
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }
}
