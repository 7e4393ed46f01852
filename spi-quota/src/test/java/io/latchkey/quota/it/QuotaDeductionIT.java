package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * The legacy conversation-quota service's verify-and-deduct: each verify of a key takes from its owner's quota, exhausted quotas answer 429 with
 * Retry-After and X-RateLimit headers, windows refill lazily, and concurrent verifies never overshoot.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaDeductionIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String adminToken;

    @BeforeEach
    void testPlans() {
        quota = new Quota(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON));
        Quota.expect(200, quota.admin("POST", "/users/alice/reset", adminToken, null));
    }

    @Test
    void verifyDeductsTheDefaultQuotaAndSaysWhatRemains() {
        String key = quota.key("alice");

        HttpResponse<String> response = quota.verify(key, "");

        JsonNode body = Quota.expect(200, response);
        assertTrue(body.get("valid").asBoolean());
        assertEquals("conversation_limit", body.get("quota").asText());
        assertEquals(10, body.get("limit").asLong());
        assertEquals(9, body.get("remaining").asLong());
        assertEquals(9, body.get("remaining_conversations").asLong(), "the legacy verify client's field");
        assertEquals("10", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("9", response.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertTrue(Long.parseLong(response.headers().firstValue("X-RateLimit-Reset").orElseThrow())
                > Instant.now().getEpochSecond());
    }

    @Test
    void exhaustedQuotaIs429WithRetryAfter() {
        String key = quota.key("alice");
        for (int i = 0; i < 5; i++) {
            Quota.expect(200, quota.verify(key, "?quota=credits"));
        }

        HttpResponse<String> refused = quota.verify(key, "?quota=credits");

        JsonNode body = Quota.expect(429, refused);
        assertFalse(body.get("valid").asBoolean());
        assertEquals("USAGE_EXCEEDED", body.get("code").asText());
        assertEquals(0, body.get("remaining").asLong());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "seconds until the daily refill: " + retryAfter);
        assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals(5, Http.json(quota.admin("GET", "/users/alice", adminToken, null)).at("/quotas/1/used").asLong(),
                "the refused verify took nothing");
    }

    @Test
    void costAndDryRun() {
        String key = quota.key("alice");

        JsonNode dry = Quota.expect(200, quota.verify(key, "?quota=credits&cost=4&dry_run=true"));
        JsonNode charged = Quota.expect(200, quota.verify(key, "?quota=credits&cost=4"));
        JsonNode tooDear = Quota.expect(429, quota.verify(key, "?quota=credits&cost=2"));

        assertEquals(5, dry.get("remaining").asLong(), "a dry run deducts nothing");
        assertTrue(dry.get("dry_run").asBoolean());
        assertEquals(1, charged.get("remaining").asLong());
        assertEquals(1, tooDear.get("remaining").asLong());
    }

    @Test
    void concurrentDeductionsNeverOvershoot() throws Exception {
        String key = quota.key("alice");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            for (int round = 0; round < 10; round++) {
                Quota.expect(200, quota.admin("POST", "/users/alice/reset", adminToken, null));
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> quota.verify(key, "?quota=burst").statusCode()));
                }
                int ok = 0;
                int limited = 0;
                for (Future<Integer> result : results) {
                    int status = result.get();
                    ok += status == 200 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
                assertEquals(100, ok, "round " + round);
                assertEquals(100, limited, "round " + round);
                assertEquals(100, TestDatabaseSql.count("SELECT USED FROM LK_QUOTA_COUNTER WHERE QUOTA_NAME = 'burst'"
                        + " AND SUBJECT_TYPE = 'user' AND SUBJECT_ID = ?", aliceId()), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void windowRollsOverAndAMissedWindowRefillsOnNextUse() throws Exception {
        String key = quota.key("alice");
        JsonNode first = waitForFreshWindow(key);
        Quota.expect(200, quota.verify(key, "?quota=tick"));
        HttpResponse<String> refused = quota.verify(key, "?quota=tick");
        if (refused.statusCode() == 200) {
            // The 2-second window turned between the calls; the next one must be refused within it.
            refused = quota.verify(key, "?quota=tick");
        }
        assertEquals(429, refused.statusCode(), refused.body());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        Instant resetAt = Instant.parse(Http.json(refused).get("reset_at").asText());

        sleepUntil(resetAt.plusMillis(100));
        JsonNode refilled = Quota.expect(200, quota.verify(key, "?quota=tick"));
        assertEquals(1, refilled.get("remaining").asLong());

        sleepUntil(Instant.parse(refilled.get("reset_at").asText()).plusSeconds(4));
        JsonNode afterMissedWindows = Quota.expect(200, quota.verify(key, "?quota=tick"));
        assertEquals(1, afterMissedWindows.get("remaining").asLong(), "windows nobody used were not carried over");
        assertEquals(2, first.get("limit").asLong());
    }

    /** Starts the test at the beginning of a 2-second window, so two calls land in the same one. */
    private JsonNode waitForFreshWindow(String key) throws InterruptedException {
        JsonNode dry = Quota.expect(200, quota.verify(key, "?quota=tick&dry_run=true"));
        sleepUntil(Instant.parse(dry.get("reset_at").asText()).plusMillis(50));
        return dry;
    }

    private String aliceId() {
        return realm.admin().users().search("alice", true).get(0).getId();
    }

    static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = instant.toEpochMilli() - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
