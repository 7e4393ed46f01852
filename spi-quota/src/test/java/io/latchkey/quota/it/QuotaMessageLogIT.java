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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The legacy service's log-message: a 202 means the record is committed (concurrent requests share transactions, and
 * every record answered 202 is in the table when its answer arrives), a record the database refuses fails alone,
 * daily statistics count records per user and key, retention removes old ones, and bad bodies are refused without a
 * record.
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
    void everyAcceptedMessageIsInTheDatabaseWhenItsAnswerArrives() throws Exception {
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

        assertEquals(before + 250, rows(bobId), "no waiting for a flush: 202 means committed");
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

    /**
     * A record the database refuses while the resource's validation lets it through. The resource accepts any model of
     * up to 100 characters; here the test adds a CHECK constraint to the table that refuses one model name, so the
     * database itself refuses that record at insert (SQLSTATE class 23, as a real column rule would), on H2 and
     * PostgreSQL alike. It is sent among many good records at once, so it shares a transaction with some of them
     * under group commit: the batch fails, is written again record by record, and only the bad record is refused.
     */
    @Test
    void aRecordTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchLands() throws Exception {
        String key = quota.key("bob");
        String tag = "poison-" + System.nanoTime();
        String good = "{\"model\": \"gpt-3.5-turbo\", \"messages\": [{\"role\": \"user\", \"content\": \"good " + tag
                + " %d\"}]}";
        String bad = "{\"model\": \"" + tag + "\", \"messages\": [{\"role\": \"user\", \"content\": \"bad\"}]}";
        double refusedBefore = metric("latchkey_quota_message_log_refused_total");
        TestDatabaseSql.update("ALTER TABLE LK_MESSAGE_LOG ADD CONSTRAINT LK_IT_NO_POISON CHECK (MODEL <> '" + tag
                + "')");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> goods = new ArrayList<>();
            Future<HttpResponse<String>> poison = null;
            for (int i = 0; i < 48; i++) {
                int n = i;
                goods.add(pool.submit(() -> log(key, String.format(good, n))));
                if (i == 24) {
                    poison = pool.submit(() -> log(key, bad));
                }
            }

            HttpResponse<String> refused = poison.get();
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(Http.json(refused).get("detail").asText().startsWith("The message log refused this message: it"
                    + " breaks a rule of the message-log table"), refused.body());
            for (Future<HttpResponse<String>> response : goods) {
                assertEquals(202, response.get().statusCode(), response.get().body());
            }
        } finally {
            pool.shutdownNow();
            TestDatabaseSql.update("ALTER TABLE LK_MESSAGE_LOG DROP CONSTRAINT LK_IT_NO_POISON");
        }
        assertEquals(48, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE MESSAGES LIKE ?",
                "%good " + tag + " %"));
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE MODEL = ?", tag));
        assertTrue(metric("latchkey_quota_message_log_refused_total") >= refusedBefore + 1);
        Quota.expect(202, log(key, String.format(good, 99)));
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

    /** The sum of the samples of {@code name} for this realm (0 when none yet), from Keycloak's metrics endpoint. */
    private double metric(String name) {
        String body = Http.get("http://localhost:9000/metrics", null).body();
        double sum = 0;
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.Ee+-]+)$").matcher(body);
        while (line.find()) {
            if (line.group(1).contains("realm=\"" + realm.getName() + "\"")) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
