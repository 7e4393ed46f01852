package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.remote.timeoffset.InjectTimeOffSet;
import org.keycloak.testframework.remote.timeoffset.TimeOffSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.FakeSmtp;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * A realm's key lifetime policy on the real server: the maximum lifetime and the required expiry refuse creations in
 * words (nothing stored), the settings take whole days or null only, and the cluster-wide job (every
 * {@link ApiKeysServerConfig#LIFETIME_INTERVAL_MILLIS} ms in the tests) revokes exactly the unused keys and reminds an
 * owner once. "Unused for ten days" is made by moving Keycloak's clock on the server ten days on (the test framework's
 * time offset), as the job and the keys' stored times follow it.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyLifetimePolicyIT {

    private static final String NO_POLICY = "{\"max_lifetime_days\": null, \"require_expiry\": null,"
            + " \"deactivate_unused_after_days\": null, \"expiry_reminder_days\": null, \"reveal_reason\": false}";

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    /** Keycloak's clock on the server; back to the real time after each test. */
    @InjectTimeOffSet
    TimeOffSet clock;

    private ApiKeys keys;
    private String root;
    private String alice;

    @BeforeEach
    void signIn() {
        tokens();
    }

    /** Signs root and alice in again (after the clock moved, their earlier tokens have expired); returns alice's. */
    private String tokens() {
        keys = new ApiKeys(realm.getBaseUrl());
        root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        return alice;
    }

    @AfterEach
    void noPolicyLeftBehind() {
        ApiKeys.expect(200, keys.admin("PUT", "/settings", root, NO_POLICY));
    }

    @Test
    void anExpiryBeyondTheMaximumIsRefusedInWordsOnSelfServiceAndAdminCreate() throws SQLException {
        settings("{\"max_lifetime_days\": 30}");
        String tooLate = LocalDate.now(ZoneOffset.UTC).plusDays(60).toString();
        long before = storedKeys();

        HttpResponse<String> self = keys.create(alice, "{\"name\": \"too-long\", \"expires_at\": \"" + tooLate + "\"}");
        HttpResponse<String> admin = keys.admin("POST", "/keys", root,
                "{\"name\": \"too-long\", \"owner\": \"alice\", \"expires_at\": \"" + tooLate + "\"}");

        for (HttpResponse<String> response : List.of(self, admin)) {
            assertEquals(400, response.statusCode(), response.body());
            String message = Http.json(response).at("/expires_at/0").asText();
            assertTrue(message.startsWith("Must be at most 30 days from now, this realm's maximum key lifetime: "),
                    message);
        }
        assertEquals(before, storedKeys(), "nothing stored after a refusal");

        // The last allowed day, named as a date, is accepted; no expiry asked gets the maximum.
        String lastDay = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
        JsonNode onTheLimit = keys.created(alice, "{\"name\": \"last-day\", \"expires_at\": \"" + lastDay + "\"}");
        assertEquals(lastDay + "T00:00:00Z", Instant.parse(onTheLimit.get("expires_at").asText())
                .minus(Duration.ofDays(1)).toString());
        Instant created = Instant.now();
        JsonNode unasked = keys.adminCreated(root, "{\"name\": \"unasked\", \"owner\": \"alice\"}");
        Instant expiresAt = Instant.parse(unasked.get("expires_at").asText());
        assertTrue(Math.abs(Duration.between(created.plus(Duration.ofDays(30)), expiresAt).toSeconds()) < 60,
                "30 days from now: " + expiresAt);
    }

    @Test
    void aRegeneratedSecretLivesNoLongerThanTheMaximum() {
        JsonNode forever = keys.created(alice, "{\"name\": \"forever\"}");
        assertTrue(forever.get("expires_at").isNull());
        settings("{\"max_lifetime_days\": 7}");

        JsonNode regenerated = ApiKeys.expect(200, keys.regenerate(alice, forever.get("id").asText(), null));

        Instant expiresAt = Instant.parse(regenerated.get("expires_at").asText());
        assertTrue(Math.abs(Duration.between(Instant.now().plus(Duration.ofDays(7)), expiresAt).toSeconds()) < 60,
                "7 days from now: " + expiresAt);
    }

    @Test
    void requireExpiryRefusesSelfServiceKeysWithoutOneInWords() throws SQLException {
        settings("{\"require_expiry\": true}");
        long before = storedKeys();

        HttpResponse<String> refused = keys.create(alice, "{\"name\": \"no-expiry\"}");

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("This realm requires every key to expire: give expires_at.",
                Http.json(refused).at("/expires_at/0").asText());
        assertEquals(before, storedKeys(), "nothing stored after a refusal");
        String soon = LocalDate.now(ZoneOffset.UTC).plusDays(5).toString();
        assertFalse(keys.created(alice, "{\"name\": \"expiring\", \"expires_at\": \"" + soon + "\"}")
                .get("expires_at").isNull());
        // An admin's key for a service is not self-service: it may still live without an expiry.
        assertTrue(keys.adminCreated(root, "{\"name\": \"service\", \"owner\": \"alice\"}").get("expires_at")
                .isNull());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("{\"max_lifetime_days\": 0}", "max_lifetime_days", "1 to 3650"),
                Arguments.of("{\"max_lifetime_days\": 3651}", "max_lifetime_days", "1 to 3650"),
                Arguments.of("{\"max_lifetime_days\": 1.5}", "max_lifetime_days", "whole number"),
                Arguments.of("{\"max_lifetime_days\": \"30\"}", "max_lifetime_days", "whole number"),
                Arguments.of("{\"max_lifetime_days\": true}", "max_lifetime_days", "whole number"),
                Arguments.of("{\"max_lifetime_days\": 99999999999999999999}", "max_lifetime_days", "whole number"),
                Arguments.of("{\"deactivate_unused_after_days\": -1}", "deactivate_unused_after_days", "1 to 3650"),
                Arguments.of("{\"deactivate_unused_after_days\": [5]}", "deactivate_unused_after_days",
                        "whole number"),
                Arguments.of("{\"expiry_reminder_days\": 366}", "expiry_reminder_days", "1 to 365"),
                Arguments.of("{\"expiry_reminder_days\": {}}", "expiry_reminder_days", "whole number"),
                Arguments.of("{\"require_expiry\": \"yes\"}", "require_expiry", "true or false"),
                Arguments.of("{\"require_expiry\": 1}", "require_expiry", "true or false"),
                Arguments.of("{\"max_lifetime\": 30}", "max_lifetime", "Unknown field."));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void badLifetimeSettingsAreRefusedAndChangeNothing(String body, String field, String says) {
        settings("{\"max_lifetime_days\": 90, \"expiry_reminder_days\": 7}");
        JsonNode before = ApiKeys.expect(200, keys.admin("GET", "/settings", root, null));

        HttpResponse<String> response = keys.admin("PUT", "/settings", root, body);

        assertEquals(400, response.statusCode(), response.body());
        String message = Http.json(response).at("/" + field + "/0").asText();
        assertTrue(message.contains(says), message);
        assertEquals(before, ApiKeys.expect(200, keys.admin("GET", "/settings", root, null)));
    }

    @Test
    void nullClearsALimitAndWhatGetReturnsMayBeSentBack() {
        JsonNode set = settings("{\"max_lifetime_days\": 30, \"require_expiry\": true,"
                + " \"deactivate_unused_after_days\": 90, \"expiry_reminder_days\": 14}");
        assertEquals(30, set.get("max_lifetime_days").asInt());
        assertTrue(set.get("require_expiry").asBoolean());
        assertEquals(90, set.get("deactivate_unused_after_days").asInt());
        assertEquals(14, set.get("expiry_reminder_days").asInt());
        assertEquals(set, settings(set.toString()), "GET's answer is a valid PUT that changes nothing");

        JsonNode cleared = settings("{\"max_lifetime_days\": null, \"require_expiry\": null}");

        assertTrue(cleared.get("max_lifetime_days").isNull(), cleared.toString());
        assertFalse(cleared.get("require_expiry").asBoolean());
        assertEquals(90, cleared.get("deactivate_unused_after_days").asInt(), "members left out keep their value");
        assertEquals(cleared, ApiKeys.expect(200, keys.admin("GET", "/settings", root, null)));
    }

    @Test
    void theInactivityJobRevokesExactlyTheUnusedKeysOnEveryNodesCache() throws Exception {
        JsonNode used = keys.created(alice, "{\"name\": \"used-lately\"}");
        JsonNode neverUsed = keys.created(alice, "{\"name\": \"never-used\"}");
        JsonNode longUnused = keys.created(alice, "{\"name\": \"used-long-ago\"}");
        settings("{\"reveal_reason\": true}");
        // Verified now, so the node caches it: the revocation must reach the cache, not only the row.
        ApiKeys.expect(200, keys.verify(longUnused.get("key").asText()));
        awaitTrue(() -> !adminKey(longUnused).get("last_used_at").isNull(), "usage of the verify written");

        // Ten days pass on the server's clock (Keycloak's, which the job and the keys' stored times follow).
        clock.set(Duration.ofDays(10));
        JsonNode fresh = keys.created(tokens(), "{\"name\": \"new-and-unused\"}");
        assertTrue(Duration.between(Instant.now(), Instant.parse(fresh.get("created_at").asText())).toDays() >= 9,
                "the server's clock moved ten days: " + fresh.get("created_at"));
        ApiKeys.expect(200, keys.verify(used.get("key").asText()));
        awaitTrue(() -> {
            JsonNode lastUsed = adminKey(used).get("last_used_at");
            return !lastUsed.isNull() && Duration.between(Instant.now(), Instant.parse(lastUsed.asText())).toDays() >= 9;
        }, "usage of the verify written, ten days on");

        settings("{\"deactivate_unused_after_days\": 5}");

        awaitTrue(() -> !adminKey(neverUsed).get("is_active").asBoolean()
                && !adminKey(longUnused).get("is_active").asBoolean(), "the job revoked the unused keys");
        Thread.sleep(3 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS);
        for (JsonNode key : List.of(neverUsed, longUnused)) {
            JsonNode stored = adminKey(key);
            assertEquals("inactive", stored.get("revoked_reason").asText());
            assertEquals("REVOKED", stored.get("status").asText());
            HttpResponse<String> verify = keys.verify(key.get("key").asText());
            assertEquals(401, verify.statusCode(), verify.body());
            assertEquals("DISABLED", Http.json(verify).get("code").asText(), "the reason, as the realm reveals it");
        }
        for (JsonNode key : List.of(used, fresh)) {
            assertTrue(adminKey(key).get("is_active").asBoolean(), key.get("name") + " is still active");
            ApiKeys.expect(200, keys.verify(key.get("key").asText()));
        }
        // The database outlives a test JVM: only this test's keys count.
        Map<String, JsonNode> events = events("inactive");
        events.keySet().retainAll(Stream.of(used, neverUsed, longUnused, fresh).map(key -> key.get("id").asText())
                .toList());
        assertEquals(Stream.of(longUnused, neverUsed).map(key -> key.get("id").asText()).sorted().toList(),
                events.keySet().stream().sorted().toList(), "one event per revoked key, none for the others");
        JsonNode event = events.get(neverUsed.get("id").asText());
        assertEquals(userId(ApiKeysRealmConfig.ALICE), event.get("userId").asText());
        assertEquals("5", event.get("details").get("unused_days").asText());
        assertEquals("never", event.get("details").get("last_used_at").asText());

        // Reactivated, the key counts as used now: the next runs leave it alone.
        ApiKeys.expect(200, keys.admin("POST", "/keys/" + neverUsed.get("id").asText() + "/reactivate", root, null));
        Thread.sleep(3 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS);
        assertTrue(adminKey(neverUsed).get("is_active").asBoolean(), "a reactivated key is not revoked again");
    }

    @Test
    void aKeysExpiryIsRecordedOnceAsAnEvent() throws Exception {
        settings("{\"max_lifetime_days\": 30, \"reveal_reason\": true}");
        JsonNode shortLived = keys.created(alice, "{\"name\": \"short-lived\", \"expires_at\": \""
                + Instant.now().plusSeconds(3) + "\"}");
        JsonNode lasting = keys.created(alice, "{\"name\": \"lasting\"}");
        String id = shortLived.get("id").asText();

        awaitTrue(() -> events("expired").containsKey(id), "the expiry was recorded");
        Thread.sleep(3 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS);

        Map<String, JsonNode> events = events("expired");
        events.keySet().retainAll(List.of(id, lasting.get("id").asText()));
        assertEquals(List.of(id), List.copyOf(events.keySet()), "one event, for the expired key only");
        JsonNode event = events.get(id);
        assertEquals(userId(ApiKeysRealmConfig.ALICE), event.get("userId").asText());
        assertEquals(shortLived.get("expires_at").asText(), event.get("details").get("expires_at").asText());
        assertEquals("EXPIRED", adminKey(shortLived).get("status").asText());
        HttpResponse<String> verify = keys.verify(shortLived.get("key").asText());
        assertEquals(401, verify.statusCode(), verify.body());
        assertEquals("EXPIRED", Http.json(verify).get("code").asText());
    }

    @Test
    void theOwnerIsRemindedOnceBeforeTheKeyExpiresWithoutTheSecret() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp()) {
            String inTwoDays = Instant.now().plus(Duration.ofDays(2)).toString();
            String inTwentyDays = Instant.now().plus(Duration.ofDays(20)).toString();
            JsonNode soon = keys.created(alice, "{\"name\": \"expires-soon\", \"expires_at\": \"" + inTwoDays + "\"}");
            JsonNode later = keys.created(alice, "{\"name\": \"expires-later\", \"expires_at\": \"" + inTwentyDays
                    + "\"}");
            JsonNode never = keys.created(alice, "{\"name\": \"never-expires\"}");

            settings("{\"expiry_reminder_days\": 3}");
            // The realm cannot send email yet: the job marks nothing, so the owner is still reminded once it can.
            Thread.sleep(3 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS);
            assertFalse(reminded(soon), "no reminder used up while the realm has no email server");
            realm.updateWithCleanup(r -> r.smtp("127.0.0.1", smtp.port(), "noreply@latchkey.test"));

            awaitTrue(() -> smtp.messages().size() >= 1, "the reminder was sent");
            Thread.sleep(4 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS);
            assertEquals(1, smtp.messages().size(), "one reminder, whatever the number of runs: "
                    + smtp.messages().stream().map(FakeSmtp.Message::subject).toList());
            FakeSmtp.Message mail = smtp.messages().get(0);
            assertEquals("alice@latchkey.test", mail.recipient());
            assertEquals("Latchkey API key \"expires-soon\" expires soon", mail.subject());
            assertTrue(mail.data().contains(soon.get("prefix").asText()), "the display prefix names the key");
            assertTrue(mail.data().contains(LocalDate.ofInstant(Instant.parse(inTwoDays), ZoneOffset.UTC)
                    .toString()), "the expiry date: " + mail.data());
            String secret = soon.get("key").asText();
            assertFalse(mail.data().contains(secret), "never the key");
            assertFalse(mail.data().contains(secret.substring(12, 24)), "nothing of the key beyond its prefix");
            assertTrue(reminded(soon));
            assertFalse(reminded(later));
            assertFalse(reminded(never));
        }
    }

    private JsonNode settings(String body) {
        return ApiKeys.expect(200, keys.admin("PUT", "/settings", root, body));
    }

    private JsonNode adminKey(JsonNode created) {
        return ApiKeys.expect(200, keys.admin("GET", "/keys/" + created.get("id").asText(), root, null));
    }

    private static boolean reminded(JsonNode key) throws SQLException {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE ID = ?"
                + " AND EXPIRY_REMINDER_SENT_AT IS NOT NULL", key.get("id").asText()) == 1;
    }

    private static long storedKeys() throws SQLException {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY");
    }

    /** The realm's key events for {@code reason} (inactive, expired) by key id. */
    private Map<String, JsonNode> events(String reason) {
        JsonNode events = ApiKeys.expect(200, Http.get(realm.getBaseUrl().replace("/realms/", "/admin/realms/")
                + "/events?type=REMOVE_CREDENTIAL&max=10000", root));
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode event : events) {
            JsonNode details = event.get("details");
            if (details != null && reason.equals(details.path("reason").asText())) {
                assertNull(byKey.put(details.get("api_key_id").asText(), event), "one event per key: " + event);
            }
        }
        return byKey;
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    /** Waits for the job (a few intervals at most), failing with {@code what} when it never happens. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20 * ApiKeysServerConfig.LIFETIME_INTERVAL_MILLIS + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(100);
        }
    }
}
