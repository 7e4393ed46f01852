package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * A key's usage per UTC day, on the real server: verifies that pass and verifies refused for the key's reasons are
 * counted in memory and written by the usage flush, and the usage endpoints then show exactly those numbers for today,
 * every other day of the range as zeros. 127.0.0.1 and 127.0.0.2 are both this machine, so one key can be presented
 * from inside and outside its allowed addresses.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyUsageStatsIT {

    private static final int VERIFIED = 3;
    private static final int OUTSIDE = 2;

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @Test
    void usageShowsExactlyTodaysVerifiesAndRefusalsByReasonAndZerosOnOtherDays() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        JsonNode created = keys.created(alice, "{\"name\": \"counted\", \"roles\": [\"reader\"],"
                + " \"allowed_ips\": [\"127.0.0.2\"]}");
        String id = created.get("id").asText();
        String key = created.get("key").asText();

        for (int i = 0; i < VERIFIED; i++) {
            assertEquals(200, verifyFrom("127.0.0.2", keys, key));
        }
        for (int i = 0; i < OUTSIDE; i++) {
            assertEquals(401, verifyFrom("127.0.0.1", keys, key));
        }
        ApiKeys.expect(200, keys.revoke(alice, id));
        assertEquals(401, verifyFrom("127.0.0.2", keys, key));
        // Not a key at all: nobody's usage.
        assertEquals(401, verifyFrom("127.0.0.2", keys, key.substring(0, key.length() - 4) + "AAAA"));

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        ApiKeyLifecycleIT.waitUntil(() -> usage(keys, alice, id, "").path("totals").path("verified").asLong()
                == VERIFIED && rejected(usage(keys, alice, id, "").path("totals")) == OUTSIDE + 1);
        // A few more flush intervals: counts written twice would show up as more.
        Thread.sleep(5 * ApiKeysServerConfig.USAGE_FLUSH_MILLIS);

        JsonNode usage = usage(keys, alice, id, "");
        assertEquals(id, usage.get("api_key_id").asText());
        assertEquals(30, usage.get("days").size(), "30 days by default");
        assertEquals(today, usage.get("to").asText());
        assertEquals(LocalDate.parse(today).minusDays(29).toString(), usage.get("from").asText());
        JsonNode last = usage.get("days").get(29);
        assertEquals(today, last.get("day").asText());
        assertEquals(VERIFIED, last.get("verified").asLong());
        assertEquals(Map.of("DISABLED", 1L, "IP_NOT_ALLOWED", (long) OUTSIDE), counts(last.get("rejected")));
        assertEquals(0, last.get("quota_used").asLong(), "no quota module in this server");
        for (int i = 0; i < 29; i++) {
            JsonNode day = usage.get("days").get(i);
            assertEquals(LocalDate.parse(today).minusDays(29 - i).toString(), day.get("day").asText());
            assertEquals(0, day.get("verified").asLong());
            assertEquals(0, day.get("rejected").size());
            assertEquals(0, day.get("quota_used").asLong());
        }
        assertEquals(VERIFIED, usage.at("/totals/verified").asLong());
        assertEquals(Map.of("DISABLED", 1L, "IP_NOT_ALLOWED", (long) OUTSIDE), counts(usage.at("/totals/rejected")));
        // One row per outcome, added to by each flush: not one per verify.
        assertEquals(3, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY_DAILY_USAGE WHERE API_KEY_ID = ?", id));

        JsonNode week = usage(keys, alice, id, "?days=7");
        assertEquals(7, week.get("days").size());
        assertEquals(LocalDate.parse(today).minusDays(6).toString(), week.get("from").asText());
        assertEquals(VERIFIED, week.at("/days/6/verified").asLong());

        // The admin reads the same numbers.
        String root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        JsonNode asAdmin = ApiKeys.expect(200, keys.admin("GET", "/keys/" + id + "/usage?days=1", root, null));
        assertEquals(1, asAdmin.get("days").size());
        assertEquals(VERIFIED, asAdmin.at("/days/0/verified").asLong());
        assertEquals(Map.of("DISABLED", 1L, "IP_NOT_ALLOWED", (long) OUTSIDE), counts(asAdmin.at("/days/0/rejected")));
    }

    @Test
    void anotherUsersKeyIsNotFoundAndNoCredentialIsUnauthorized() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);
        String id = keys.created(alice, "{\"name\": \"alice's\"}").get("id").asText();

        assertEquals(200, Http.get(keys.base + "/keys/" + id + "/usage", alice).statusCode());
        HttpResponse<String> foreign = Http.get(keys.base + "/keys/" + id + "/usage", bob);
        assertEquals(404, foreign.statusCode());
        assertEquals("Not found", Http.json(foreign).get("detail").asText());
        assertEquals(404, Http.get(keys.base + "/keys/no-such-key/usage", alice).statusCode());
        assertEquals(401, Http.get(keys.base + "/keys/" + id + "/usage", null).statusCode());
        assertEquals(401, Http.get(keys.base + "/keys/" + id + "/usage", "not-a-token").statusCode());
    }

    @Test
    void daysMustBeAWholeNumberFromOneToNinetyGivenOnce() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        String id = keys.created(alice, "{\"name\": \"ranged\"}").get("id").asText();
        String aliceId = realm.admin().users().search(ApiKeysRealmConfig.ALICE, true).get(0).getId();
        List<String> bad = List.of("0", "91", "100", "-1", "+5", "1.5", "7d", "", "%207", "1e1",
                "99999999999999999999", "7&days=7");
        String message = "Must be a whole number of days from 1 to 90, given once.";

        List<String> wrong = new ArrayList<>();
        for (String days : bad) {
            for (HttpResponse<String> response : List.of(
                    Http.get(keys.base + "/keys/" + id + "/usage?days=" + days, alice),
                    keys.admin("GET", "/keys/" + id + "/usage?days=" + days, root, null),
                    keys.admin("GET", "/users/" + aliceId + "/usage?days=" + days, root, null))) {
                if (response.statusCode() != 400
                        || !message.equals(Http.json(response).path("days").path(0).asText())) {
                    wrong.add("days=" + days + ": " + response.statusCode() + " " + response.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
        for (String days : List.of("1", "07", "90")) {
            assertEquals(Integer.parseInt(days), ApiKeys.expect(200, Http.get(keys.base + "/keys/" + id
                    + "/usage?days=" + days, alice)).get("days").size());
        }
    }

    /**
     * A user's usage sums all of their keys, revoked ones too; deleting the user deletes their keys' usage (the keys
     * stay, deactivated, for audit).
     */
    @Test
    void aUsersUsageSumsTheirKeysAndGoesWithTheUser() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        String username = "usage-" + System.nanoTime();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        realm.admin().users().create(user).close();
        String userId = realm.admin().users().search(username, true).get(0).getId();
        JsonNode first = keys.adminCreated(root, "{\"name\": \"first\", \"owner\": \"" + username + "\"}");
        JsonNode second = keys.adminCreated(root, "{\"name\": \"second\", \"owner\": \"" + username + "\"}");
        ApiKeys.expect(200, keys.verify(first.get("key").asText()));
        ApiKeys.expect(200, keys.verify(second.get("key").asText()));
        ApiKeys.expect(200, keys.verify(second.get("key").asText()));
        ApiKeys.expect(200, keys.admin("POST", "/keys/" + first.get("id").asText() + "/revoke", root, null));
        ApiKeys.expect(401, keys.verify(first.get("key").asText()));

        String path = "/users/" + userId + "/usage?days=2";
        ApiKeyLifecycleIT.waitUntil(() -> ApiKeys.expect(200, keys.admin("GET", path, root, null))
                .at("/totals/verified").asLong() == 3 && rejected(ApiKeys.expect(200, keys.admin("GET", path, root,
                        null)).get("totals")) == 1);
        Thread.sleep(5 * ApiKeysServerConfig.USAGE_FLUSH_MILLIS);
        JsonNode usage = ApiKeys.expect(200, keys.admin("GET", path, root, null));
        assertEquals(userId, usage.get("user_id").asText());
        assertTrue(usage.path("api_key_id").isMissingNode(), "a user's usage names no key");
        assertEquals(2, usage.get("days").size());
        assertEquals(0, usage.at("/days/0/verified").asLong(), "yesterday");
        assertEquals(3, usage.at("/days/1/verified").asLong());
        assertEquals(Map.of("DISABLED", 1L), counts(usage.at("/days/1/rejected")));

        assertEquals(404, keys.admin("GET", "/users/no-such-user/usage", root, null).statusCode());
        assertEquals(404, keys.admin("GET", "/keys/no-such-key/usage", root, null).statusCode());

        realm.admin().users().get(userId).remove();
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY_DAILY_USAGE WHERE API_KEY_ID IN (?, ?)",
                first.get("id").asText(), second.get("id").asText()), "the deleted user's usage is gone");
        assertEquals(2, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE ID IN (?, ?)",
                first.get("id").asText(), second.get("id").asText()), "their keys stay for audit");
        assertEquals(404, keys.admin("GET", path, root, null).statusCode());
        // A deleted user's key presented again is refused and counted nowhere.
        ApiKeys.expect(401, keys.verify(second.get("key").asText()));
        Thread.sleep(5 * ApiKeysServerConfig.USAGE_FLUSH_MILLIS);
        assertEquals(0, dailyRows(second.get("id").asText()));
    }

    private static long dailyRows(String keyId) throws SQLException {
        return TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY_DAILY_USAGE WHERE API_KEY_ID = ?", keyId);
    }

    private static int verifyFrom(String source, ApiKeys keys, String key) {
        return RawHttp.send(source, "POST", keys.base + "/verify", List.of("Authorization: Bearer " + key), null)
                .status();
    }

    private static JsonNode usage(ApiKeys keys, String token, String id, String query) {
        return ApiKeys.expect(200, Http.get(keys.base + "/keys/" + id + "/usage" + query, token));
    }

    private static long rejected(JsonNode counts) {
        long sum = 0;
        for (JsonNode count : counts.path("rejected")) {
            sum += count.asLong();
        }
        return sum;
    }

    private static Map<String, Long> counts(JsonNode rejected) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rejected.fields().forEachRemaining(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }
}
