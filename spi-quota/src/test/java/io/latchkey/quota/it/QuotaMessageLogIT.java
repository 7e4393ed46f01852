package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * The legacy service's log-message: records queued by concurrent requests all reach the table in batches, daily statistics
 * count them per user and key, retention removes old ones, and bad bodies are refused without a record.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaMessageLogIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String adminToken;

    @BeforeEach
    void setUp() {
        quota = new Quota(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
    }

    @Test
    void everyAcceptedMessageIsWrittenAndCounted() throws Exception {
        String key = quota.key("bob");
        String bobId = realm.admin().users().search("bob", true).get(0).getId();
        long before = rows(bobId);
        long researchBefore = TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE USER_ID = ? AND"
                + " RESEARCH_MODEL = TRUE AND MESSAGES LIKE '%Hello%'", bobId);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> posted = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                int n = i;
                posted.add(pool.submit(() -> log(key, "{\"model\": \"gpt-3.5-turbo\", \"messages\": [{\"role\":"
                        + " \"user\", \"content\": \"Hello " + n + "\"}, {\"role\": \"assistant\", \"content\":"
                        + " \"Hi there!\"}], \"research_model\": " + (n % 2 == 0) + "}").statusCode()));
            }
            for (Future<Integer> status : posted) {
                assertEquals(202, status.get());
            }
        } finally {
            pool.shutdownNow();
        }

        waitForRows(bobId, before + 250);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode usage = Quota.expect(200, quota.admin("GET", "/usage?from=" + today + "&to=" + today, adminToken,
                null));
        long viaKey = 0;
        for (JsonNode row : usage) {
            if (row.get("username").asText().equals("bob") && row.get("api_key_id").asText().length() == 36) {
                viaKey += row.get("messages").asLong();
            }
        }
        assertTrue(viaKey >= 250, usage.toString());
        assertEquals(125, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE USER_ID = ? AND"
                + " RESEARCH_MODEL = TRUE AND MESSAGES LIKE '%Hello%'", bobId) - researchBefore);
    }

    @Test
    void retentionRemovesOnlyRecordsPastIt() throws Exception {
        String aliceId = realm.admin().users().search("alice", true).get(0).getId();
        long old = Instant.now().minusSeconds(40L * 86_400).toEpochMilli();
        TestDatabaseSql.update("INSERT INTO LK_MESSAGE_LOG (ID, REALM_ID, USER_ID, USERNAME, API_KEY_ID, MODEL,"
                + " MESSAGES, RESEARCH_MODEL, CREATED_AT, CREATED_DAY) VALUES (?, ?, ?, 'alice', NULL, 'old', '[]',"
                + " FALSE, ?, '2000-01-01')", "old-" + System.nanoTime(), realmId(), aliceId, old);
        Quota.expect(202, log(quota.key("alice"), "{\"model\": \"fresh\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"kept\"}]}"));
        long deadline = System.currentTimeMillis() + 30_000;
        while (TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE MODEL = 'fresh'") == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }

        Quota.expect(200, quota.admin("PUT", "/settings", adminToken, "{\"message_retention_days\": 30}"));
        JsonNode removed = Quota.expect(200, quota.admin("POST", "/messages/retention", adminToken, null));

        assertTrue(removed.get("removed").asInt() >= 1);
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE CREATED_AT < ?",
                Instant.now().minusSeconds(30L * 86_400).toEpochMilli()));
        assertTrue(TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE MODEL = 'fresh'") >= 1);
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken, "{\"message_retention_days\": 90}"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("", "/detail", "Request body must be a JSON object"),
                Arguments.of("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "/model/0",
                        "Model is required."),
                Arguments.of("{\"model\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}", "/model/0",
                        "Must be a string."),
                Arguments.of("{\"model\": \"" + "m".repeat(101) + "\", \"messages\": [{\"role\": \"user\","
                        + " \"content\": \"x\"}]}", "/model/0", "Ensure this field has no more than 100 characters."),
                Arguments.of("{\"model\": \"m\"}", "/messages/0", "Must be a non-empty list"),
                Arguments.of("{\"model\": \"m\", \"messages\": []}", "/messages/0", "Must be a non-empty list"),
                Arguments.of("{\"model\": \"m\", \"messages\": \"hello\"}", "/messages/0", "Must be a non-empty list"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\"}]}", "/messages/0",
                        "Each message must be"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}",
                        "/messages/0", "Each message must be"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\","
                        + " \"extra\": 1}]}", "/messages/0", "Each message must be"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \""
                        + "x".repeat(300_000) + "\"}]}", "/messages/0", "Ensure the messages are no larger than"),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                        + " \"research_model\": \"yes\"}", "/research_model/0", "Must be true or false."),
                Arguments.of("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                        + " \"username\": \"alice\"}", "/username/0", "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] log-message {2}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndLogsNothing(String body, String pointer, String message) throws Exception {
        String key = quota.key("alice");
        String aliceId = realm.admin().users().search("alice", true).get(0).getId();
        long before = rows(aliceId);

        HttpResponse<String> response = log(key, body);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(Http.json(response).at(pointer).asText().startsWith(message), response.body());
        Quota.expect(202, log(key, "{\"model\": \"marker\", \"messages\": [{\"role\": \"user\", \"content\": \"m\"}]}"));
        waitForRows(aliceId, before + 1);
        Thread.sleep(300);
        assertEquals(before + 1, rows(aliceId), "only the marker was logged");
    }

    @Test
    void logMessageNeedsACredential() {
        assertEquals(401, log(null, "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")
                .statusCode());
        assertEquals(401, log("sk_live_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "{}").statusCode());
    }

    private HttpResponse<String> log(String key, String body) {
        return Quota.send("POST", realm.getBaseUrl() + "/quota/log-message", key, body);
    }

    private String realmId() {
        return realm.admin().toRepresentation().getId();
    }

    private static long rows(String userId) throws Exception {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE USER_ID = ?", userId);
    }

    /** Batches are written by size or every flush interval (2 s by default): poll, for at most 30 s. */
    private static void waitForRows(String userId, long expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (rows(userId) < expected) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("expected " + expected + " rows, found " + rows(userId));
            }
            Thread.sleep(100);
        }
    }
}
