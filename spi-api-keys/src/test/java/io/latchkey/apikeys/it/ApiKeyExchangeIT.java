package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Jwt;
import io.latchkey.testsupport.Tokens;

/**
 * A key exchanged at the realm's token endpoint: a short-lived access token an app validates with the realm's JWKS
 * like any other, carrying exactly the key's roles and its id.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyExchangeIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    private ApiKeys keys;
    private String alice;

    @BeforeEach
    void signIn() {
        keys = new ApiKeys(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
    }

    @Test
    void exchangedTokenValidatesAgainstTheRealmsJwksAndCarriesExactlyTheKeysRoles() {
        JsonNode created = keys.created(alice, "{\"name\": \"exchanger\", \"roles\": [\"reader\", \"inventory:read\"]}");

        long before = Instant.now().getEpochSecond();
        JsonNode response = ApiKeys.expect(200, keys.exchange(created.get("key").asText()));
        String token = response.get("access_token").asText();
        JsonNode claims = Jwt.claims(token);
        JsonNode jwks = Http.json(Http.get(realm.getBaseUrl() + "/protocol/openid-connect/certs", null));
        JsonNode discovery = Http.json(Http.get(realm.getBaseUrl() + "/.well-known/openid-configuration", null));

        assertTrue(Jwt.signatureValid(token, jwks), "RS256 signature by a key of the realm's JWKS");
        assertEquals(discovery.get("issuer").asText(), claims.get("iss").asText());
        assertEquals(created.get("owner_id").asText(), claims.get("sub").asText());
        assertEquals(created.get("id").asText(), claims.get("api_key_id").asText());
        assertEquals("latchkey-api-keys", claims.get("azp").asText(), "the key-token client, whose role scope is empty");
        assertEquals(ApiKeysRealmConfig.APP, claims.get("client_id").asText(), "the client that asked");
        long lifespan = realm.admin().toRepresentation().getAccessTokenLifespan();
        assertTrue(claims.get("exp").asLong() <= Instant.now().getEpochSecond() + lifespan);
        assertTrue(claims.get("exp").asLong() >= before, "not already expired");
        assertEquals(Set.of("reader"), names(claims.at("/realm_access/roles")),
                "alice also holds writer, but the key does not");
        assertEquals(Set.of("inventory"), fieldNames(claims.get("resource_access")));
        assertEquals(Set.of("read"), names(claims.at("/resource_access/inventory/roles")));
        assertEquals(Set.of(ApiKeysRealmConfig.APP, ApiKeysRealmConfig.GATEWAY, "inventory"), names(claims.get("aud")),
                "the audience: the requester, the realm's key-token audience and the clients the key has roles of");
        assertNull(response.get("refresh_token"), "no refresh token: revoking the key ends what it can mint");
        assertEquals("Bearer", response.get("token_type").asText());
    }

    @Test
    void tokenDoesNotOutliveTheKey() {
        Instant expiry = Instant.now().plusSeconds(60);
        JsonNode created = keys.created(alice, "{\"name\": \"brief\", \"roles\": [\"reader\"], \"expires_at\": \""
                + expiry + "\"}");

        String token = ApiKeys.expect(200, keys.exchange(created.get("key").asText())).get("access_token").asText();

        assertTrue(Jwt.claims(token).get("exp").asLong() <= expiry.getEpochSecond());
        assertEquals(Set.of(ApiKeysRealmConfig.APP, ApiKeysRealmConfig.GATEWAY), names(Jwt.claims(token).get("aud")),
                "a key with realm roles only names no further client");
    }

    @Test
    void revokedOrDisallowedKeysAreRefusedWithOneOpaqueError() {
        JsonNode revoked = keys.created(alice, "{\"name\": \"revoked\", \"roles\": [\"reader\"]}");
        keys.revoke(alice, revoked.get("id").asText());
        JsonNode elsewhere = keys.created(alice, "{\"name\": \"elsewhere\", \"roles\": [\"reader\"],"
                + " \"allowed_ips\": [\"203.0.113.0/24\"]}");

        for (String key : List.of(revoked.get("key").asText(), elsewhere.get("key").asText(),
                "sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-key")) {
            JsonNode error = ApiKeys.expect(400, keys.exchange(key));
            assertEquals("invalid_grant", error.get("error").asText());
            assertEquals("Invalid API key", error.get("error_description").asText());
        }
    }

    @Test
    void exchangeNeedsTheApiKeyAndAKnownClient() {
        JsonNode missing = ApiKeys.expect(400, Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token",
                Map.of("grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", ApiKeysRealmConfig.APP)));
        assertEquals("invalid_request", missing.get("error").asText());

        String key = keys.created(alice, "{\"name\": \"clientless\", \"roles\": [\"reader\"]}").get("key").asText();
        int unknownClient = Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", "nobody",
                "api_key", key)).statusCode();
        assertEquals(401, unknownClient);
        int wrongSecret = Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", ApiKeysRealmConfig.GATEWAY,
                "client_secret", "wrong", "api_key", key)).statusCode();
        assertEquals(401, wrongSecret);
    }

    @Test
    void discoveryAdvertisesTheGrantType() {
        JsonNode discovery = Http.json(Http.get(realm.getBaseUrl() + "/.well-known/openid-configuration", null));

        assertTrue(names(discovery.get("grant_types_supported"))
                .contains("urn:latchkey:params:oauth:grant-type:api-key"), discovery.get("grant_types_supported").toString());
        assertFalse(Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY, ApiKeysRealmConfig.SECRET)
                .isEmpty(), "Keycloak's own grants are unaffected");
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
