package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;
import io.latchkey.testsupport.Tokens;

/**
 * A key's allowed ranges against the connection's real source address: 127.0.0.1 and 127.0.0.2 are both this
 * machine, so one test can be inside and outside a range. X-Forwarded-For is not trusted (no proxy is configured).
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyIpAllowListIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String key;

    @BeforeEach
    void keyForOneAddress() {
        keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        key = keys.created(alice, "{\"name\": \"pinned\", \"roles\": [\"reader\"], \"allowed_ips\": [\"127.0.0.2\","
                + " \"2001:db8::/32\"]}").get("key").asText();
    }

    @Test
    void allowedAddressVerifiesAndOthersAreRefused() {
        assertEquals(200, verifyFrom("127.0.0.2", List.of()).status());
        assertEquals(401, verifyFrom("127.0.0.1", List.of()).status());
    }

    @Test
    void forwardedHeadersAreNotTrustedByDefault() {
        assertEquals(401, verifyFrom("127.0.0.1", List.of("X-Forwarded-For: 127.0.0.2")).status());
        assertEquals(401, verifyFrom("127.0.0.1", List.of("Forwarded: for=127.0.0.2")).status());
    }

    @Test
    void exchangeHonoursTheAllowList() {
        String form = Http.form(Map.of("grant_type", "urn:latchkey:params:oauth:grant-type:api-key",
                "client_id", ApiKeysRealmConfig.APP, "api_key", key));
        assertEquals(200, tokenFrom("127.0.0.2", form).status());
        assertEquals(400, tokenFrom("127.0.0.1", form).status());
    }

    @Test
    void revealedReasonNamesTheAddress() {
        String adminToken = admin.tokenManager().getAccessTokenString();
        keys.admin("PUT", "/settings", adminToken, "{\"reveal_reason\": true}");
        try {
            RawHttp.Response refused = verifyFrom("127.0.0.1", List.of());
            assertEquals(403, refused.status());
            JsonNode body = readTree(refused.body());
            assertEquals("IP_NOT_ALLOWED", body.get("code").asText());
        } finally {
            keys.admin("PUT", "/settings", adminToken, "{\"reveal_reason\": false}");
        }
    }

    private RawHttp.Response verifyFrom(String source, List<String> extraHeaders) {
        List<String> headers = new ArrayList<>(extraHeaders);
        headers.add("Authorization: Bearer " + key);
        return RawHttp.send(source, "POST", keys.base + "/verify", headers, null);
    }

    private RawHttp.Response tokenFrom(String source, String form) {
        return RawHttp.send(source, "POST", realm.getBaseUrl() + "/protocol/openid-connect/token",
                List.of("Content-Type: application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.US_ASCII));
    }

    private static JsonNode readTree(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }
}
