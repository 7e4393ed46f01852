package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The shared authenticator: the credential vault's endpoints, written for access tokens, accept API keys as their
 * owner, limited to the key's roles (the vault's roles of the {@code latchkey} client). What a key without them is
 * refused is in {@link LeastPrivilegeIT}.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyOnVaultIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @Test
    void keyWithTheVaultRolesManagesTheOwnersVault() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String key = keys.created(alice, "{\"name\": \"vault client\", \"roles\": [\"latchkey:vault:read\","
                + " \"latchkey:vault:write\"]}").get("key").asText();
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
}
