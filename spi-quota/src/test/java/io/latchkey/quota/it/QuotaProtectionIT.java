package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;

/**
 * The legacy service's RATE_LIMIT_PER_MINUTE and IP whitelist on API-key use, against the connection's real source address
 * (127.0.0.1 and 127.0.0.2 are both this machine).
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaProtectionIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String adminToken;
    private String key;

    @BeforeEach
    void aKey() {
        quota = new Quota(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON));
        Quota.expect(200, quota.admin("POST", "/users/alice/reset", adminToken, null));
        key = quota.key("alice");
    }

    @AfterEach
    void protectionsOff() {
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken,
                "{\"rate_limit_per_minute\": 0, \"ip_allow_list_enabled\": false, \"ip_allow_list\": []}"));
    }

    @Test
    void perAddressRateLimitIs429WithRetryAfterAndSparesOtherAddresses() {
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken, "{\"rate_limit_per_minute\": 5}"));
        for (int attempt = 0; attempt < 2; attempt++) {
            long minute = Instant.now().getEpochSecond() / 60;
            for (int i = 0; i < 5; i++) {
                verifyFrom("127.0.0.1");
            }
            RawHttp.Response limited = verifyFrom("127.0.0.1");
            if (Instant.now().getEpochSecond() / 60 != minute) {
                continue; // The minute turned mid-test: its window restarted; try again in the new one.
            }
            assertEquals(429, limited.status(), limited.body());
            assertTrue(limited.body().contains("\"code\":\"RATE_LIMITED\""), limited.body());
            RawHttp.Response bearer = logFrom("127.0.0.1");
            assertEquals(429, bearer.status(), "a key used on the bundle's endpoints: " + bearer.body());
            assertTrue(bearer.body().contains("\"code\":\"RATE_LIMITED\""), bearer.body());
            assertTrue(bearer.headers().stream().anyMatch(h -> h.startsWith("retry-after:")),
                    "Retry-After on the bearer path too: " + bearer.headers());
            assertEquals(200, verifyFrom("127.0.0.2").status(), "another address has its own count");
            String form = Http.form(Map.of("grant_type", "urn:latchkey:params:oauth:grant-type:api-key",
                    "client_id", "admin-cli", "api_key", key));
            RawHttp.Response exchange = RawHttp.send("127.0.0.1", "POST", realm.getBaseUrl()
                    + "/protocol/openid-connect/token", List.of("Content-Type: application/x-www-form-urlencoded"),
                    form.getBytes(StandardCharsets.US_ASCII));
            assertEquals(429, exchange.status(), "the exchange grant counts against the same limit");
            return;
        }
        throw new AssertionError("could not stay within one minute twice");
    }

    @Test
    void allowListRefusesOtherAddresses() {
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken,
                "{\"ip_allow_list_enabled\": true, \"ip_allow_list\": [\"127.0.0.2/32\"]}"));

        RawHttp.Response refused = verifyFrom("127.0.0.1");
        RawHttp.Response allowed = verifyFrom("127.0.0.2");

        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("\"code\":\"IP_NOT_ALLOWED\""), refused.body());
        assertEquals(200, allowed.status(), allowed.body());
        RawHttp.Response bearer = logFrom("127.0.0.1");
        assertEquals(403, bearer.status(), "a key used on the bundle's endpoints: " + bearer.body());
        assertTrue(bearer.body().contains("\"code\":\"IP_NOT_ALLOWED\""), bearer.body());
        assertEquals(202, logFrom("127.0.0.2").status(), "an allowed address logs");
        RawHttp.Response forwarded = RawHttp.send("127.0.0.1", "POST", realm.getBaseUrl() + "/api-keys/verify",
                List.of("Authorization: Bearer " + key, "X-Forwarded-For: 127.0.0.2"), null);
        assertEquals(403, forwarded.status(), "X-Forwarded-For is not trusted without proxy settings");
    }

    /** The key as the credential of one of the bundle's own endpoints (not verify). */
    private RawHttp.Response logFrom(String source) {
        return RawHttp.send(source, "POST", realm.getBaseUrl() + "/quota/log-message",
                List.of("Authorization: Bearer " + key, "Content-Type: application/json"),
                "{\"model\": \"protection\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Response verifyFrom(String source) {
        return RawHttp.send(source, "POST", realm.getBaseUrl() + "/api-keys/verify",
                List.of("Authorization: Bearer " + key), null);
    }
}
