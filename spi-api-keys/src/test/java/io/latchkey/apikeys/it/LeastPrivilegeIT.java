package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.TokenVerifier;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.common.VerificationException;
import org.keycloak.jose.jwk.JWKParser;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Jwt;
import io.latchkey.testsupport.Tokens;

/**
 * Least privilege, proven by attack on the real server: what a key, a token exchanged from a key, a token not meant for
 * Latchkey and a user-managing admin can and cannot do, against Latchkey's endpoints and Keycloak's own admin and
 * account APIs. Each refusal is checked together with a control that shows the same call succeeding for a principal
 * that may make it, so a refusal for an unrelated reason cannot pass.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class LeastPrivilegeIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String adminApi;
    private String root;
    private String rootId;

    @BeforeEach
    void setUp() {
        keys = new ApiKeys(realm.getBaseUrl());
        adminApi = realm.getBaseUrl().replace("/realms/", "/admin/realms/");
        root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        rootId = userId(ApiKeysRealmConfig.ROOT);
    }

    @Test
    void exchangedTokenOfARealmAdminsKeyGetsNothingFromKeycloaksAdminApi() {
        String key = keys.created(root, "{\"name\": \"narrow\", \"roles\": [\"reader\"]}").get("key").asText();
        String token = exchange(key);
        String user = "{\"firstName\": \"Mallory\"}";
        String mint = "{\"name\": \"minted\", \"owner\": \"root\", \"roles\": [\"reader\"]}";
        String role = "[{\"id\": \"" + realm.admin().roles().get("reader").toRepresentation().getId()
                + "\", \"name\": \"reader\"}]";

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("GET /users", 403);
        expected.put("PUT /users/" + rootId, 403);
        expected.put("GET /clients", 403);
        expected.put("POST /users/" + rootId + "/role-mappings/realm", 403);
        expected.put("GET /api-keys/keys", 403);
        expected.put("GET /api-keys/users/" + rootId + "/usage", 403);
        expected.put("POST /api-keys/keys", 403);
        Map<String, String> bodies = Map.of("PUT /users/" + rootId, user, "POST /api-keys/keys", mint,
                "POST /users/" + rootId + "/role-mappings/realm", role);

        Map<String, Integer> asKeyToken = new LinkedHashMap<>();
        Map<String, Integer> asRoot = new LinkedHashMap<>();
        for (String call : expected.keySet()) {
            String method = call.substring(0, call.indexOf(' '));
            String path = call.substring(call.indexOf(' ') + 1);
            asKeyToken.put(call, Http.request(method, adminApi + path, token, bodies.get(call)).statusCode());
            if (method.equals("GET")) {
                asRoot.put(call, Http.request(method, adminApi + path, root, null).statusCode());
            }
        }

        assertEquals(expected, asKeyToken, "the key's token, whose owner is realm-admin");
        assertEquals(Map.of("GET /users", 200, "GET /clients", 200, "GET /api-keys/keys", 200,
                "GET /api-keys/users/" + rootId + "/usage", 200), asRoot,
                "the owner's own token, as a control");
        assertEquals("Root", realm.admin().users().get(rootId).toRepresentation().getFirstName(), "nothing changed");
        assertFalse(names(Http.json(keys.list(root))).contains("minted"), "no key was minted");
    }

    @Test
    void exchangedTokenGetsNothingFromTheAccountApiBeyondTheKeysRoles() {
        String key = keys.created(root, "{\"name\": \"account probe\", \"roles\": [\"reader\"]}").get("key").asText();
        String token = exchange(key);

        int account = accountApi("/account/", token);
        int credentials = accountApi("/account/credentials", token);
        int userinfo = Http.get(realm.getBaseUrl() + "/protocol/openid-connect/userinfo", token).statusCode();

        assertTrue(account == 401 || account == 403, "account: " + account);
        assertTrue(credentials == 401 || credentials == 403, "account credentials: " + credentials);
        assertTrue(userinfo == 401 || userinfo == 403, "userinfo is for sign-ins, a key is not one: " + userinfo);
        assertEquals(200, accountApi("/account/", root), "control: the owner's token");
    }

    @Test
    void exchangedTokenIsForTheKeyClientAndNamesTheRequesterAndTheGatewayInItsAudience() {
        String key = keys.created(root, "{\"name\": \"audience\", \"roles\": [\"reader\"]}").get("key").asText();

        JsonNode response = ApiKeys.expect(200, Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token",
                Map.of("grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", ApiKeysRealmConfig.APP,
                        "api_key", key, "scope", "openid")));
        String token = response.get("access_token").asText();
        JsonNode claims = Jwt.claims(token);
        JsonNode jwks = Http.json(Http.get(realm.getBaseUrl() + "/protocol/openid-connect/certs", null));

        assertNull(response.get("id_token"), "presenting a key is not a sign-in: no ID token even for scope=openid");
        assertEquals("latchkey-api-keys", claims.get("azp").asText());
        assertEquals(ApiKeysRealmConfig.APP, claims.get("client_id").asText());
        assertEquals(List.of(ApiKeysRealmConfig.APP, ApiKeysRealmConfig.GATEWAY), texts(claims.get("aud")));
        assertTrue(Jwt.signatureValid(token, jwks), "a resource server validates it with the realm's JWKS");
        // As a JOSE library in the gateway would: signature, issuer, expiry and its own audience.
        String issuer = Http.json(Http.get(realm.getBaseUrl() + "/.well-known/openid-configuration", null))
                .get("issuer").asText();
        AccessToken verified = assertDoesNotThrow(() -> TokenVerifier.create(token, AccessToken.class)
                .publicKey(publicKey(jwks, token)).realmUrl(issuer).audience(ApiKeysRealmConfig.GATEWAY)
                .checkActive(true).verify().getToken());
        assertEquals(rootId, verified.getSubject());
        assertThrows(VerificationException.class, () -> TokenVerifier.create(token, AccessToken.class)
                .publicKey(publicKey(jwks, token)).realmUrl(issuer).audience("inventory").verify(),
                "a resource server the key has no role for is not an audience");
        assertFalse(texts(claims.at("/realm_access/roles")).contains("admin"));

        JsonNode introspected = Http.json(Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                realm.getBaseUrl() + "/protocol/openid-connect/token/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.form(Map.of("token", token,
                        "client_id", ApiKeysRealmConfig.GATEWAY, "client_secret", ApiKeysRealmConfig.SECRET))))
                .build()));
        assertTrue(introspected.get("active").asBoolean(), introspected.toString());
        assertEquals(rootId, introspected.get("sub").asText());
        JsonNode introspectedRoles = introspected.at("/realm_access/roles");
        assertTrue(introspectedRoles.isMissingNode() || !texts(introspectedRoles).contains("admin"),
                "introspection never shows more than the key: " + introspected);
    }

    @Test
    void keysAndTheirTokensCannotMintKeysAnywhere() {
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String key = keys.created(alice, "{\"name\": \"manager key\", \"roles\": [\"reader\", \"latchkey:keys:manage\","
                + " \"latchkey:keys:read\"]}").get("key").asText();
        String token = exchange(key);
        String body = "{\"name\": \"child\", \"roles\": [\"reader\"]}";

        HttpResponse<String> byKey = keys.create(key, body);
        HttpResponse<String> byToken = keys.create(token, body);
        HttpResponse<String> adminByToken = keys.admin("POST", "/keys", token,
                "{\"name\": \"child\", \"owner\": \"alice\", \"roles\": [\"reader\"]}");
        HttpResponse<String> listByKey = keys.list(key);

        assertEquals(403, byKey.statusCode(), byKey.body());
        assertEquals(403, byToken.statusCode(), byToken.body());
        assertEquals(403, adminByToken.statusCode(), adminByToken.body());
        assertEquals(200, listByKey.statusCode(), "the key may read keys: it carries latchkey:keys:read");
        assertEquals(List.of("manager key"), names(Http.json(keys.list(alice))), "nothing was minted");
    }

    @Test
    void aKeyReachesTheVaultOnlyWithTheVaultRoles() {
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String vault = realm.getBaseUrl() + "/credential-vault/credentials";
        String plain = keys.created(alice, "{\"name\": \"plain\", \"roles\": [\"reader\"]}").get("key").asText();
        String reading = keys.created(alice, "{\"name\": \"reading\", \"roles\": [\"latchkey:vault:read\"]}")
                .get("key").asText();
        String writing = keys.created(alice, "{\"name\": \"writing\", \"roles\": [\"latchkey:vault:read\","
                + " \"latchkey:vault:write\"]}").get("key").asText();
        String credential = "{\"service_name\": \"lastfm\", \"api_key\": \"lastfm-secret\", \"service_user_id\": \"al\"}";

        List<String> outcomes = new ArrayList<>();
        outcomes.add("plain list " + Http.get(vault, plain).statusCode());
        outcomes.add("plain create " + Http.request("POST", vault, plain, credential).statusCode());
        outcomes.add("plain token list " + Http.get(vault, exchange(plain)).statusCode());
        outcomes.add("reading list " + Http.get(vault, reading).statusCode());
        outcomes.add("reading create " + Http.request("POST", vault, reading, credential).statusCode());
        outcomes.add("reading token create " + Http.request("POST", vault, exchange(reading), credential).statusCode());
        outcomes.add("writing create " + Http.request("POST", vault, writing, credential).statusCode());

        assertEquals(List.of("plain list 403", "plain create 403", "plain token list 401", "reading list 200",
                "reading create 403", "reading token create 403", "writing create 201"), outcomes,
                "a token without Latchkey roles is not meant for Latchkey (401); a key lacking the role is refused (403)");
        assertEquals(1, Http.json(Http.get(vault, alice)).size(), "only the permitted write was stored");
    }

    @Test
    void aRevokedKeysTokenStopsAtOnceOnLatchkeysEndpoints() {
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        JsonNode created = keys.created(alice, "{\"name\": \"short lived\", \"roles\": [\"latchkey:vault:read\"]}");
        String token = exchange(created.get("key").asText());
        String vault = realm.getBaseUrl() + "/credential-vault/credentials";
        assertEquals(200, Http.get(vault, token).statusCode());

        keys.revoke(alice, created.get("id").asText());

        assertEquals(401, Http.get(vault, token).statusCode(), "not when the token expires: now");
    }

    @Test
    void aTokenNotMeantForLatchkeyIsRefused() {
        String narrow = Tokens.accessToken(Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", ApiKeysRealmConfig.NARROW_APP,
                        "username", ApiKeysRealmConfig.ALICE, "password", ApiKeysRealmConfig.PASSWORD)));

        HttpResponse<String> mint = keys.create(narrow, "{\"name\": \"forever\", \"roles\": [\"reader\"]}");
        HttpResponse<String> vault = Http.get(realm.getBaseUrl() + "/credential-vault/credentials", narrow);

        assertEquals(401, mint.statusCode(), mint.body());
        assertEquals(401, vault.statusCode(), vault.body());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        assertEquals(List.of(), names(Http.json(keys.list(alice))), "nothing was minted");
    }

    @Test
    void aUserManagerCannotMakeKeysForAdminsOrServiceAccountsNorGiveRolesTheyCannotMap() {
        String manager = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.MANAGER, ApiKeysRealmConfig.PASSWORD);
        String adminToken = admin.tokenManager().getAccessTokenString();

        Map<String, Integer> outcomes = new LinkedHashMap<>();
        outcomes.put("key for the realm admin", keys.admin("POST", "/keys", manager,
                "{\"name\": \"takeover\", \"owner\": \"root\", \"roles\": [\"reader\"]}").statusCode());
        outcomes.put("key for the gateway's service account", keys.admin("POST", "/keys", manager,
                "{\"name\": \"curator\", \"service_account\": \"gateway\", \"roles\": [\"credential-vault-reader\"]}")
                .statusCode());
        outcomes.put("key with an admin role", keys.admin("POST", "/keys", manager,
                "{\"name\": \"admin role\", \"owner\": \"bob\", \"roles\": [\"realm-management:realm-admin\"]}")
                .statusCode());
        outcomes.put("key for an ordinary user", keys.admin("POST", "/keys", manager,
                "{\"name\": \"support\", \"owner\": \"bob\", \"roles\": [\"reader\"]}").statusCode());

        assertEquals(Map.of("key for the realm admin", 403, "key for the gateway's service account", 403,
                "key with an admin role", 403, "key for an ordinary user", 201), outcomes);
        assertEquals(201, keys.admin("POST", "/keys", adminToken, "{\"name\": \"by the server admin\","
                + " \"owner\": \"root\", \"roles\": [\"reader\"]}").statusCode(), "control: an admin who may");
    }

    @Test
    void evenAnAdminMadeServiceAccountKeyCannotReadUsersSecrets() {
        String adminToken = admin.tokenManager().getAccessTokenString();
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        Http.request("POST", realm.getBaseUrl() + "/credential-vault/credentials", alice,
                "{\"service_name\": \"steam\", \"api_key\": \"steam-secret\", \"service_user_id\": \"7656\"}");
        String url = realm.getBaseUrl() + "/credential-vault/users/" + userId(ApiKeysRealmConfig.ALICE)
                + "/credentials/steam";
        String readerKey = keys.adminCreated(adminToken, "{\"name\": \"curator\", \"service_account\": \"gateway\","
                + " \"roles\": [\"credential-vault-reader\"]}").get("key").asText();
        String gateway = Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY,
                ApiKeysRealmConfig.SECRET);

        assertEquals(403, Http.get(url, readerKey).statusCode(), "the key, used directly");
        assertEquals(401, Http.get(url, exchange(readerKey)).statusCode(),
                "the key's token: it carries no Latchkey role, so it is not meant for Latchkey");
        HttpResponse<String> control = Http.get(url, gateway);
        assertEquals(200, control.statusCode(), "control: the service account's own token: " + control.body());
    }

    /** Keycloak's account REST API (JSON; without that Accept header /account serves the console's page). */
    private int accountApi(String path, String token) {
        return Http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(realm.getBaseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build())
                .statusCode();
    }

    @Test
    void keycloaksTokenExchangeRefusesATokenMadeFromAKey() {
        var gateway = realm.admin().clients().findByClientId(ApiKeysRealmConfig.GATEWAY).get(0);
        gateway.getAttributes().put("standard.token.exchange.enabled", "true");
        realm.admin().clients().get(gateway.getId()).update(gateway);
        String key = keys.created(root, "{\"name\": \"exchanged twice\", \"roles\": [\"reader\"]}").get("key")
                .asText();
        String token = exchange(key);

        HttpResponse<String> exchanged = Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "client_id", ApiKeysRealmConfig.GATEWAY,
                "client_secret", ApiKeysRealmConfig.SECRET, "subject_token", token,
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));

        assertEquals(400, exchanged.statusCode(), exchanged.body());
        assertEquals("A token made from an API key cannot be exchanged; exchange the key itself.",
                Http.json(exchanged).get("error_description").asText(),
                "without the guard Keycloak would answer with a token holding every role of the key's owner");
    }

    @Test
    void noKeyTokenIsIssuedWhileTheKeyTokenClientHasARoleScope() {
        String key = keys.created(root, "{\"name\": \"scoped\", \"roles\": [\"reader\"]}").get("key").asText();
        var tokenClient = realm.admin().clients().findByClientId("latchkey-api-keys").get(0);
        var management = realm.admin().clients().findByClientId("realm-management").get(0);
        var viewUsers = realm.admin().clients().get(management.getId()).roles().get("view-users").toRepresentation();
        var scope = realm.admin().clients().get(tokenClient.getId()).getScopeMappings().clientLevel(management.getId());
        scope.add(List.of(viewUsers));
        try {
            HttpResponse<String> refused = keys.exchange(key);

            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("temporarily_unavailable", Http.json(refused).get("error").asText());
        } finally {
            scope.remove(List.of(viewUsers));
        }
        assertEquals(200, keys.exchange(key).statusCode(), "issued again once the scope is gone");
    }

    @Test
    void anAdminOfAnotherRealmGetsNothingHere() {
        RealmRepresentation other = new RealmRepresentation();
        other.setRealm("other-" + System.nanoTime());
        other.setEnabled(true);
        other.setClients(List.of(Tokens.testApp().build()));
        admin.realms().create(other);
        try {
            UserRepresentation boss = new UserRepresentation();
            boss.setUsername("boss");
            boss.setEnabled(true);
            boss.setEmail("boss@other.test");
            boss.setEmailVerified(true);
            boss.setFirstName("Other");
            boss.setLastName("Boss");
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(ApiKeysRealmConfig.PASSWORD);
            password.setTemporary(false);
            boss.setCredentials(List.of(password));
            var users = admin.realm(other.getRealm()).users();
            users.create(boss).close();
            String bossId = users.search("boss", true).get(0).getId();
            var management = admin.realm(other.getRealm()).clients().findByClientId("realm-management").get(0);
            users.get(bossId).roles().clientLevel(management.getId()).add(List.of(admin.realm(other.getRealm())
                    .clients().get(management.getId()).roles().get("realm-admin").toRepresentation()));
            String otherUrl = realm.getBaseUrl().replace("/realms/" + realm.getName(), "/realms/" + other.getRealm());
            String token = Tokens.password(otherUrl, "boss", ApiKeysRealmConfig.PASSWORD);

            Map<String, Integer> outcomes = new LinkedHashMap<>();
            outcomes.put("GET admin users", Http.get(adminApi + "/users", token).statusCode());
            outcomes.put("GET admin api-keys", keys.admin("GET", "/keys", token, null).statusCode());
            outcomes.put("POST admin api-keys", keys.admin("POST", "/keys", token,
                    "{\"name\": \"foreign\", \"owner\": \"alice\", \"roles\": [\"reader\"]}").statusCode());
            outcomes.put("GET own keys here", keys.list(token).statusCode());
            outcomes.put("GET vault here", Http.get(realm.getBaseUrl() + "/credential-vault/credentials", token)
                    .statusCode());

            assertEquals(Map.of("GET admin users", 403, "GET admin api-keys", 403, "POST admin api-keys", 403,
                    "GET own keys here", 401, "GET vault here", 401), outcomes);
            assertEquals(200, Http.get(otherUrl.replace("/realms/", "/admin/realms/") + "/users", token).statusCode(),
                    "control: an admin in its own realm");
        } finally {
            admin.realm(other.getRealm()).remove();
        }
    }

    private static PublicKey publicKey(JsonNode jwks, String token) throws Exception {
        String kid = new JWSInput(token).getHeader().getKeyId();
        for (JsonNode key : jwks.get("keys")) {
            if (kid.equals(key.path("kid").asText())) {
                return JWKParser.create().parse(key.toString()).toPublicKey();
            }
        }
        throw new AssertionError("no key " + kid + " in " + jwks);
    }

    private String exchange(String key) {
        return ApiKeys.expect(200, keys.exchange(key)).get("access_token").asText();
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private static List<String> names(JsonNode keys) {
        List<String> names = new ArrayList<>();
        keys.forEach(key -> names.add(key.get("name").asText()));
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(node -> texts.add(node.asText()));
        } else if (!array.isMissingNode()) {
            texts.add(array.asText());
        }
        return texts;
    }
}
