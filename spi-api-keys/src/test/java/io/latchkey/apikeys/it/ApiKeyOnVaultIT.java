package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The shared authenticator: the credential vault's endpoints, written for access tokens, accept API keys as their
 * owner, limited to the key's roles.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyOnVaultIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void userKeyManagesTheOwnersVault() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String key = keys.created(alice, "{\"name\": \"vault client\", \"roles\": [\"reader\"]}").get("key").asText();
        String vault = realm.getBaseUrl() + "/credential-vault/credentials";

        HttpResponse<String> stored = ApiKeys.send("POST", vault, key,
                "{\"service_name\": \"lastfm\", \"api_key\": \"lastfm-secret\", \"service_user_id\": \"alice\"}");

        assertEquals(201, stored.statusCode(), stored.body());
        assertEquals("lastfm", Http.json(ApiKeys.send("GET", vault, alice, null)).get(0).get("service_name").asText(),
                "stored as alice");
        keys.revoke(alice, Http.json(keys.list(alice)).get(0).get("id").asText());
        HttpResponse<String> refused = ApiKeys.send("GET", vault, key, null);
        assertEquals(401, refused.statusCode());
        assertEquals("Invalid API key", Http.json(refused).get("detail").asText());
    }

    @Test
    void backendReadNeedsTheRoleOnTheKeyNotJustOnItsOwner() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String adminToken = admin.tokenManager().getAccessTokenString();
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        ApiKeys.send("PUT", realm.getBaseUrl() + "/credential-vault/credentials/steam", alice, null);
        ApiKeys.send("POST", realm.getBaseUrl() + "/credential-vault/credentials", alice,
                "{\"service_name\": \"steam\", \"api_key\": \"steam-secret\", \"service_user_id\": \"7656\"}");
        String aliceId = realm.admin().users().search(ApiKeysRealmConfig.ALICE, true).get(0).getId();
        String url = realm.getBaseUrl() + "/credential-vault/users/" + aliceId + "/credentials/steam";
        String readerKey = keys.adminCreated(adminToken, "{\"name\": \"curator\", \"service_account\": \"gateway\","
                + " \"roles\": [\"credential-vault-reader\"]}").get("key").asText();
        String plainKey = keys.adminCreated(adminToken, "{\"name\": \"no vault\", \"service_account\": \"gateway\","
                + " \"roles\": [\"reader\"]}").get("key").asText();

        HttpResponse<String> read = ApiKeys.send("GET", url, readerKey, null);
        HttpResponse<String> refused = ApiKeys.send("GET", url, plainKey, null);

        assertEquals(200, read.statusCode(), read.body());
        assertEquals("steam-secret", Http.json(read).get("api_key").asText());
        assertEquals(403, refused.statusCode(), "the gateway's account holds the role, this key does not");
    }
}
