package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Jwt;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/** A key may do what its roles allow and no more; a user cannot mint a key with a role they lack, an admin can. */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyRolesIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String alice;
    private String bob;

    @BeforeEach
    void signIn() {
        keys = new ApiKeys(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);
    }

    @Test
    void userCannotMintAKeyWithARoleTheyLack() throws Exception {
        long before = rows();

        HttpResponse<String> writer = keys.create(bob, "{\"name\": \"escalation\", \"roles\": [\"reader\", \"writer\"]}");
        HttpResponse<String> auditor = keys.create(alice, "{\"name\": \"escalation\", \"roles\": [\"auditor\"]}");
        HttpResponse<String> clientRole = keys.create(bob, "{\"name\": \"escalation\", \"roles\": [\"inventory:read\"]}");

        assertEquals(403, writer.statusCode(), writer.body());
        assertEquals("You cannot give a key the role 'writer': you do not have it.",
                Http.json(writer).get("detail").asText());
        assertEquals(403, auditor.statusCode());
        assertEquals(403, clientRole.statusCode());
        assertEquals(before, rows(), "nothing stored");
    }

    @Test
    void formsListTheRealmRolesTheCallerMayGive() {
        HttpResponse<String> aliceRoles = Http.get(keys.base + "/roles", alice);
        HttpResponse<String> bobRoles = Http.get(keys.base + "/roles", bob);

        assertEquals(200, aliceRoles.statusCode(), aliceRoles.body());
        String latchkey = "\"latchkey:discogs:connect\",\"latchkey:keys:manage\",\"latchkey:keys:read\","
                + "\"latchkey:quota:log\",\"latchkey:quota:read\",\"latchkey:vault:read\",\"latchkey:vault:write\"";
        assertEquals("[" + latchkey + ",\"reader\",\"writer\"]", aliceRoles.body(),
                "Latchkey's roles and the realm roles the user holds; no default, offline or uma roles");
        assertEquals("[" + latchkey + ",\"reader\"]", bobRoles.body());
        assertEquals(401, Http.get(keys.base + "/roles", null).statusCode());
    }

    @Test
    void userMayMintRealmAndClientRolesTheyHold() {
        JsonNode created = keys.created(alice, "{\"name\": \"mine\", \"roles\": [\"writer\", \"inventory:read\"]}");

        assertEquals(List.of("writer", "inventory:read"), ApiKeyLifecycleIT.strings(created.get("roles")));
        JsonNode verified = ApiKeys.expect(200, keys.verify(created.get("key").asText()));
        assertEquals(List.of("writer", "inventory:read"), ApiKeyLifecycleIT.strings(verified.get("roles")));
    }

    @Test
    void aUserWhoLosesARoleLosesItOnTheirKeysToo() {
        JsonNode created = keys.created(alice, "{\"name\": \"follows alice\", \"roles\": [\"reader\", \"writer\"]}");
        var aliceUser = realm.admin().users().get(realm.admin().users().search(ApiKeysRealmConfig.ALICE, true).get(0)
                .getId());
        var writer = List.of(realm.admin().roles().get("writer").toRepresentation());
        aliceUser.roles().realmLevel().remove(writer);
        try {
            JsonNode verified = ApiKeys.expect(200, keys.verify(created.get("key").asText()));
            assertEquals(List.of("reader"), ApiKeyLifecycleIT.strings(verified.get("roles")));
            String token = ApiKeys.expect(200, keys.exchange(created.get("key").asText())).get("access_token").asText();
            assertEquals("[\"reader\"]", Jwt.claims(token).at("/realm_access/roles").toString());
            assertTrue(created.get("roles_follow_owner").asBoolean());
        } finally {
            aliceUser.roles().realmLevel().add(writer);
        }
        assertEquals(List.of("reader", "writer"), ApiKeyLifecycleIT.strings(
                ApiKeys.expect(200, keys.verify(created.get("key").asText())).get("roles")));
    }

    @Test
    void adminMayMintAnyRoleForAnyUserOrServiceAccount() {
        String adminToken = admin.tokenManager().getAccessTokenString();

        JsonNode forBob = keys.adminCreated(adminToken, "{\"name\": \"audit export\", \"owner\": \"bob\","
                + " \"roles\": [\"auditor\"]}");
        JsonNode forGateway = keys.adminCreated(adminToken, "{\"name\": \"gateway\", \"service_account\": \"gateway\","
                + " \"roles\": [\"inventory:write\"]}");

        assertEquals("bob", forBob.get("owner").asText());
        assertFalse(forBob.get("roles_follow_owner").asBoolean(), "bob lacks auditor: the admin granted it");
        assertEquals(List.of("auditor"),
                ApiKeyLifecycleIT.strings(ApiKeys.expect(200, keys.verify(forBob.get("key").asText())).get("roles")));
        assertEquals("service-account-gateway", forGateway.get("owner").asText());
        ApiKeys.expect(200, keys.verify(forGateway.get("key").asText()));
    }

    @Test
    void aKeyCannotMintKeysSoAStolenKeyDiesWithItsRevocation() throws Exception {
        JsonNode created = keys.created(alice, "{\"name\": \"key manager\", \"roles\": [\"reader\","
                + " \"latchkey:keys:read\", \"latchkey:keys:manage\"]}");
        String readerKey = created.get("key").asText();
        long before = rows();

        HttpResponse<String> mint = keys.create(readerKey, "{\"name\": \"persistence\", \"roles\": [\"reader\"]}");
        HttpResponse<String> regenerate = keys.regenerate(readerKey, created.get("id").asText(), null);

        assertEquals(403, mint.statusCode(), mint.body());
        assertEquals("Creating or regenerating an API key is not possible with an API key or a token made from one;"
                + " use the user's access token.",
                Http.json(mint).get("detail").asText());
        assertEquals(403, regenerate.statusCode());
        assertEquals(before, rows());
        assertTrue(keys.list(readerKey).body().contains(created.get("id").asText()), "a key with keys:read lists its owner's keys");
        assertEquals(200, keys.revoke(readerKey, created.get("id").asText()).statusCode(), "and with keys:manage may revoke itself, but never mint");
        assertEquals(401, keys.verify(readerKey).statusCode());
    }

    @Test
    void aPlainUserCreatesAKeyWithoutRolesThatOnlyVerifies() throws Exception {
        String plain = plainUser();
        String token = Tokens.password(realm.getBaseUrl(), plain, ApiKeysRealmConfig.PASSWORD);

        JsonNode created = keys.created(token, "{\"name\": \"my key\"}");
        JsonNode empty = keys.created(token, "{\"name\": \"my other key\", \"roles\": []}");
        String key = created.get("key").asText();

        assertEquals(List.of(), ApiKeyLifecycleIT.strings(created.get("roles")));
        assertEquals(List.of(), ApiKeyLifecycleIT.strings(empty.get("roles")));
        JsonNode verified = ApiKeys.expect(200, keys.verify(key));
        assertTrue(verified.get("valid").asBoolean());
        assertEquals(plain, verified.get("username").asText());
        assertEquals(plain, verified.get("owner").asText());
        assertEquals(List.of(), ApiKeyLifecycleIT.strings(verified.get("roles")));
        HttpResponse<String> ownEndpoint = keys.list(key);
        assertEquals(403, ownEndpoint.statusCode(), "a key without roles opens none of Latchkey's endpoints");
        assertTrue(Http.json(ownEndpoint).get("detail").asText().contains("latchkey:keys:read"));
        JsonNode claims = Jwt.claims(Tokens.accessToken(keys.exchange(key)));
        assertTrue(claims.path("realm_access").path("roles").isEmpty(), claims.toString());
        assertTrue(claims.path("resource_access").isEmpty(), claims.toString());
        HttpResponse<String> notHeld = keys.create(token, "{\"name\": \"k\", \"roles\": [\"reader\"]}");
        assertEquals(403, notHeld.statusCode(), "roles the caller does not hold are still refused");
    }

    /** A user created after the realm, holding only the realm's default roles, with a password. */
    private String plainUser() {
        String username = "plain-" + System.nanoTime();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@latchkey.test");
        user.setFirstName("Plain");
        user.setLastName("User");
        user.setEmailVerified(true);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(ApiKeysRealmConfig.PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        realm.admin().users().create(user).close();
        return username;
    }

    @Test
    void adminEndpointsRefuseOrdinaryUsers() {
        assertEquals(403, keys.admin("GET", "/keys", alice, null).statusCode());
        assertEquals(403, keys.admin("POST", "/keys", alice, "{\"name\": \"x\", \"owner\": \"alice\","
                + " \"roles\": [\"auditor\"]}").statusCode());
        assertEquals(401, keys.admin("GET", "/keys", null, null).statusCode());
    }

    private static long rows() throws Exception {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY");
    }
}
