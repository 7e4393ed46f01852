package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * The message log's memory bound (on a server configured with a bound of one byte): a caller who meets it is told at
 * once to come back (503 with Retry-After and a sentence), nothing of its record is kept, and every record answered
 * 202 is in the database.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.TinyMessageBuffer.class)
class QuotaMessageLogBoundIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @Test
    void pastTheByteBoundTheCallerIsToldToRetryAndNothingOfItIsKept() throws Exception {
        String key = new Quota(realm.getBaseUrl()).key("bob");
        String tag = "bound-" + System.nanoTime();
        String filler = "x".repeat(50_000);
        List<String> logged = new ArrayList<>();
        List<HttpResponse<String>> busy = new ArrayList<>();
        List<String> turnedAway = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            // Bounded: a few rounds of concurrent posts; records that arrive while another is held meet the bound.
            for (int round = 0; round < 5 && busy.isEmpty(); round++) {
                List<String> markers = new ArrayList<>();
                List<Future<HttpResponse<String>>> sent = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String marker = "[" + tag + ":" + round + ":" + i + "]";
                    markers.add(marker);
                    sent.add(pool.submit(() -> Quota.send("POST", realm.getBaseUrl() + "/quota/log-message", key,
                            "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"" + marker + filler
                                    + "\"}]}")));
                }
                for (int i = 0; i < sent.size(); i++) {
                    HttpResponse<String> response = sent.get(i).get();
                    if (response.statusCode() == 202) {
                        logged.add(markers.get(i));
                    } else {
                        assertEquals(503, response.statusCode(), response.body());
                        busy.add(response);
                        turnedAway.add(markers.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertTrue(!busy.isEmpty(), "some concurrent posts met the bound");
        assertTrue(!logged.isEmpty(), "the log still takes records");
        for (HttpResponse<String> response : busy) {
            assertEquals("1", response.headers().firstValue("Retry-After").orElse(null), response.body());
            assertTrue(Http.json(response).get("detail").asText().startsWith("The message log is busy (its memory"
                    + " bound is reached); the message was not logged."), response.body());
        }
        for (String marker : logged) {
            assertEquals(1, rows(marker), marker + " was answered 202");
        }
        for (String marker : turnedAway) {
            assertEquals(0, rows(marker), marker + " was answered 503");
        }
    }

    private static long rows(String marker) throws Exception {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG WHERE MESSAGES LIKE ?", "%" + marker + "%");
    }
}
