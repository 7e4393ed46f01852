package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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

    /**
     * A key's daily usage (the api-keys module's) counts the units its verifies deducted here and its verifies a used-up
     * quota refused: 2 and 3 of the 5 credits, then USAGE_EXCEEDED, which deducts nothing.
     */
    @Test
    void aKeysUsageCountsTheUnitsItsVerifiesDeductedAndTheRefusalsOfAUsedUpQuota() throws Exception {
        String key = quota.key("alice");
        String id = Quota.expect(200, quota.verify(key, "?quota=credits&cost=2")).get("key_id").asText();
        Quota.expect(200, quota.verify(key, "?quota=credits&cost=3"));
        Quota.expect(429, quota.verify(key, "?quota=credits"));
        String url = realm.getBaseUrl() + "/api-keys/keys/" + id + "/usage?days=1";
        String alice = quota.token("alice");

        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode today = Quota.expect(200, Http.get(url, alice)).at("/days/0");
        // Written by the usage flush (every 5 s by default), not by the verifies themselves.
        while (today.path("rejected").path("USAGE_EXCEEDED").asLong() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            today = Quota.expect(200, Http.get(url, alice)).at("/days/0");
        }

        assertEquals(2, today.get("verified").asLong());
        assertEquals(5, today.get("quota_used").asLong(), "the units deducted, not the number of verifies");
        assertEquals(1, today.get("rejected").size(), today.toString());
        assertEquals(1, today.at("/rejected/USAGE_EXCEEDED").asLong());
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
        for (int round = 0; round < 10; round++) {
            Quota.expect(200, quota.admin("POST", "/users/alice/reset", adminToken, null));

            int[] outcome = concurrently(200, () -> quota.verify(key, "?quota=burst").statusCode());

            assertEquals(100, outcome[0], "round " + round);
            assertEquals(100, outcome[1], "round " + round);
            assertEquals(100, TestDatabaseSql.count("SELECT USED FROM LK_QUOTA_COUNTER WHERE QUOTA_NAME = 'burst'"
                    + " AND SUBJECT_TYPE = 'user' AND SUBJECT_ID = ?", aliceId()), "round " + round);
        }
    }

    @Test
    void concurrentFirstDeductionsCreateOneRowAndNeverOvershoot() throws Exception {
        String key = quota.key("alice");
        for (int round = 0; round < 3; round++) {
            TestDatabaseSql.update("DELETE FROM LK_QUOTA_COUNTER WHERE QUOTA_NAME = 'burst' AND SUBJECT_ID = ?",
                    aliceId());

            int[] outcome = concurrently(200, () -> quota.verify(key, "?quota=burst").statusCode());

            assertEquals(100, outcome[0], "round " + round + ": 200s");
            assertEquals(100, outcome[1], "round " + round + ": 429s");
            assertEquals(List.of(List.of("100")), TestDatabaseSql.rows("SELECT USED FROM LK_QUOTA_COUNTER"
                    + " WHERE QUOTA_NAME = 'burst' AND SUBJECT_ID = ?", aliceId()), "round " + round);
        }
    }

    @Test
    void aKeyWithItsOwnLimitChargesItsOwnerOnlyForWhatTheKeyAdmits() throws Exception {
        JsonNode created = Quota.expect(201, Quota.send("POST", realm.getBaseUrl() + "/api-keys/keys",
                quota.token("alice"), "{\"name\": \"capped\", \"roles\": [\"reader\"]}"));
        String keyId = created.get("id").asText();
        Quota.expect(200, quota.admin("PUT", "/keys/" + keyId + "/limits", adminToken, "{\"burst\": 30}"));

        int[] outcome = concurrently(200, () -> quota.verify(created.get("key").asText(), "?quota=burst").statusCode());

        assertEquals(30, outcome[0], "200s");
        assertEquals(170, outcome[1], "429s");
        assertEquals(30, TestDatabaseSql.count("SELECT USED FROM LK_QUOTA_COUNTER WHERE QUOTA_NAME = 'burst'"
                + " AND SUBJECT_TYPE = 'key' AND SUBJECT_ID = ?", keyId));
        assertEquals(30, TestDatabaseSql.count("SELECT USED FROM LK_QUOTA_COUNTER WHERE QUOTA_NAME = 'burst'"
                + " AND SUBJECT_TYPE = 'user' AND SUBJECT_ID = ?", aliceId()), "the key's refusals took nothing from"
                + " its owner");
        JsonNode refused = Quota.expect(429, quota.verify(created.get("key").asText(), "?quota=burst"));
        assertEquals(30, refused.get("limit").asLong(), "the key's limit is the nearer one");
        assertEquals(0, refused.get("remaining").asLong());
    }

    /** Runs {@code call} {@code times} times on 32 threads at once: how many answered 200, and how many 429. */
    private static int[] concurrently(int times, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                results.add(pool.submit(call));
            }
            int[] outcome = new int[2];
            for (Future<Integer> result : results) {
                int status = result.get();
                outcome[0] += status == 200 ? 1 : 0;
                outcome[1] += status == 429 ? 1 : 0;
            }
            return outcome;
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
