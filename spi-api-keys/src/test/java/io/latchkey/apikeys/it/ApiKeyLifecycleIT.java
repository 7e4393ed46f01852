package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * A key's life as the legacy API-key service lived it: shown once, listed without its secret, revoked (kept for audit),
 * reactivated, expired, regenerated with and without a grace period, its use counted, its owner deleted.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyLifecycleIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String alice;

    @BeforeEach
    void signIn() {
        keys = new ApiKeys(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
    }

    @Test
    void createdKeyIsShownOnceAndVerifies() {
        JsonNode created = keys.created(alice, "{\"name\": \"n8n Production\", \"roles\": [\"reader\"],"
                + " \"environment\": \"live\", \"notes\": \"for the nightly sync\", \"integration\": \"n8n\"}");
        String key = created.get("key").asText();

        assertTrue(key.matches("sk_live_[0-9A-Za-z]{32}"), key);
        assertEquals(key.substring(0, 12) + "...", created.get("prefix").asText());
        assertEquals("ACTIVE", created.get("status").asText());
        assertEquals(List.of("reader"), strings(created.get("roles")));
        assertEquals("alice", created.get("owner").asText());

        JsonNode verified = ApiKeys.expect(200, keys.verify(key));
        assertTrue(verified.get("valid").asBoolean());
        assertEquals("VALID", verified.get("code").asText());
        assertEquals(created.get("id").asText(), verified.get("key_id").asText());
        assertEquals("n8n Production", verified.get("name").asText());
        assertEquals("alice", verified.get("owner").asText());
        assertEquals("alice", verified.get("username").asText(), "legacy clients read the owner as username");
        assertEquals(List.of("reader"), strings(verified.get("roles")));

        String listed = keys.list(alice).body();
        assertTrue(listed.contains(created.get("id").asText()));
        assertFalse(listed.contains(key), "the list never holds the secret");
        assertFalse(keys.get(alice, created.get("id").asText()).body().contains(key));
        assertFalse(keys.get(alice, created.get("id").asText()).body().contains("\"key\""));
    }

    @Test
    void revokedKeyFailsUntilAnAdminReactivatesIt() {
        JsonNode created = keys.created(alice, "{\"name\": \"revocable\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.exchange(key));

        JsonNode revoked = ApiKeys.expect(200, keys.revoke(alice, id));
        assertFalse(revoked.get("is_active").asBoolean());
        assertEquals("REVOKED", revoked.get("status").asText());

        JsonNode refused = ApiKeys.expect(401, keys.verify(key));
        assertFalse(refused.get("valid").asBoolean());
        assertEquals("INVALID", refused.get("code").asText(), "the caller is not told why");
        assertEquals("invalid_grant", ApiKeys.expect(400, keys.exchange(key)).get("error").asText());
        assertEquals(1, keys.list(alice).body().split(id, -1).length - 1, "a revoked key stays listed");

        assertEquals(403, keys.admin("POST", "/keys/" + id + "/reactivate", alice, null).statusCode(),
                "owners cannot reactivate: only admins");
        JsonNode reactivated = ApiKeys.expect(200,
                keys.admin("POST", "/keys/" + id + "/reactivate", adminToken(), null));
        assertTrue(reactivated.get("is_active").asBoolean());
        ApiKeys.expect(200, keys.verify(key));
        ApiKeys.expect(200, keys.exchange(key));
    }

    @Test
    void failedVerifyRecordsThePreciseReasonAsAnEvent() {
        JsonNode created = keys.created(alice, "{\"name\": \"audited\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        keys.revoke(alice, id);

        ApiKeys.expect(401, keys.verify(created.get("key").asText()));

        EventRepresentation event = realm.admin().getEvents(List.of("INTROSPECT_TOKEN_ERROR"), null, null, null,
                null, null, 0, 100).stream().filter(e -> id.equals(e.getDetails().get("api_key_id")))
                .findFirst().orElseThrow(() -> new AssertionError("no error event for key " + id));
        assertEquals("api_key_disabled", event.getError());
        assertEquals("DISABLED", event.getDetails().get("reason"));
        assertEquals(created.get("owner_id").asText(), event.getUserId());
        assertFalse(event.getDetails().toString().contains(created.get("key").asText()));
    }

    @Test
    void expiredKeyFails() throws Exception {
        String expiry = Instant.now().plusSeconds(2).toString();
        JsonNode created = keys.created(alice, "{\"name\": \"short-lived\", \"roles\": [\"reader\"], \"expires_at\": \""
                + expiry + "\"}");
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(key));

        waitUntil(() -> Instant.now().isAfter(Instant.parse(expiry).plusMillis(200)));

        ApiKeys.expect(401, keys.verify(key));
        assertEquals(400, keys.exchange(key).statusCode());
        assertEquals("EXPIRED", Http.json(keys.get(alice, created.get("id").asText())).get("status").asText());
    }

    @Test
    void regenerateStopsTheOldSecretAtOnce() {
        JsonNode created = keys.created(alice, "{\"name\": \"rotated\", \"roles\": [\"reader\"]}");
        String oldKey = created.get("key").asText();

        JsonNode regenerated = ApiKeys.expect(200, keys.regenerate(alice, created.get("id").asText(), null));
        String newKey = regenerated.get("key").asText();

        assertNotEquals(oldKey, newKey);
        assertEquals(created.get("id").asText(), regenerated.get("id").asText());
        ApiKeys.expect(401, keys.verify(oldKey));
        ApiKeys.expect(200, keys.verify(newKey));
        assertNull(regenerated.get("previous_key_valid_until").textValue());
    }

    @Test
    void regenerateWithGraceKeepsTheOldSecretUntilTheGraceEnds() {
        JsonNode created = keys.created(alice, "{\"name\": \"graceful\", \"roles\": [\"reader\"]}");
        String oldKey = created.get("key").asText();

        JsonNode regenerated = ApiKeys.expect(200, keys.regenerate(alice, created.get("id").asText(),
                "{\"grace_period_seconds\": 2}"));
        String newKey = regenerated.get("key").asText();
        Instant graceEnd = Instant.parse(regenerated.get("previous_key_valid_until").asText());

        ApiKeys.expect(200, keys.verify(oldKey));
        ApiKeys.expect(200, keys.verify(newKey));
        waitUntil(() -> Instant.now().isAfter(graceEnd.plusMillis(200)));
        ApiKeys.expect(401, keys.verify(oldKey));
        ApiKeys.expect(200, keys.verify(newKey));
    }

    @Test
    void revokingEndsARegeneratedKeysGracePeriodToo() {
        JsonNode created = keys.created(alice, "{\"name\": \"graceful-revoked\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        keys.regenerate(alice, id, "{\"grace_period_seconds\": 3600}");

        keys.revoke(alice, id);
        keys.admin("POST", "/keys/" + id + "/reactivate", adminToken(), null);

        ApiKeys.expect(401, keys.verify(created.get("key").asText()));
    }

    @Test
    void usageIsCountedWithTheLastAddress() {
        JsonNode created = keys.created(alice, "{\"name\": \"counted\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        for (int i = 0; i < 5; i++) {
            ApiKeys.expect(200, keys.verify(created.get("key").asText()));
        }

        waitUntil(() -> Http.json(keys.get(alice, id)).get("usage_count").asLong() == 5);
        JsonNode key = Http.json(keys.get(alice, id));
        assertEquals("127.0.0.1", key.get("last_used_ip").asText());
        assertTrue(Instant.parse(key.get("last_used_at").asText()).isAfter(Instant.parse(key.get("created_at").asText())));
    }

    @Test
    void anotherUsersKeyIsNotFound() {
        String id = keys.created(alice, "{\"name\": \"alice's\", \"roles\": [\"reader\"]}").get("id").asText();
        String bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);

        assertEquals(404, keys.get(bob, id).statusCode());
        assertEquals(404, keys.revoke(bob, id).statusCode());
        assertEquals(404, keys.regenerate(bob, id, null).statusCode());
        assertFalse(keys.list(bob).body().contains(id));
        assertTrue(Http.json(keys.get(alice, id)).get("is_active").asBoolean(), "bob changed nothing");
    }

    @Test
    void deletingTheOwnerDeactivatesTheKeysAndKeepsThemForAudit() throws Exception {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("leaver");
        user.setEnabled(true);
        realm.admin().users().create(user).close();
        String userId = realm.admin().users().search("leaver", true).get(0).getId();
        JsonNode created = keys.adminCreated(adminToken(), "{\"name\": \"leaver's\", \"owner\": \"leaver\","
                + " \"roles\": [\"reader\"]}");
        ApiKeys.expect(200, keys.verify(created.get("key").asText()));

        realm.admin().users().get(userId).remove();

        ApiKeys.expect(401, keys.verify(created.get("key").asText()));
        JsonNode audit = ApiKeys.expect(200, keys.admin("GET", "/keys/" + created.get("id").asText(), adminToken(),
                null));
        assertFalse(audit.get("is_active").asBoolean());
        assertEquals("owner_deleted", audit.get("revoked_reason").asText());
        assertEquals("leaver", audit.get("owner").asText());
        assertEquals(1, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE ID = ?", created.get("id").asText()));
        assertEquals(409, keys.admin("POST", "/keys/" + created.get("id").asText() + "/reactivate", adminToken(), null)
                .statusCode());
    }

    @Test
    void removingARealmRemovesItsKeys() throws Exception {
        RealmRepresentation doomed = new RealmRepresentation();
        doomed.setRealm("doomed-" + System.nanoTime());
        doomed.setEnabled(true);
        admin.realms().create(doomed);
        UserRepresentation user = new UserRepresentation();
        user.setUsername("owner");
        user.setEnabled(true);
        admin.realm(doomed.getRealm()).users().create(user).close();
        String realmId = admin.realm(doomed.getRealm()).toRepresentation().getId();
        ApiKeys doomedKeys = new ApiKeys(realm.getBaseUrl().replace("/realms/" + realm.getName(),
                "/realms/" + doomed.getRealm()));
        doomedKeys.adminCreated(adminToken(), "{\"name\": \"goes with the realm\", \"owner\": \"owner\","
                + " \"roles\": [\"offline_access\"]}");
        assertEquals(1, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE REALM_ID = ?", realmId));

        admin.realm(doomed.getRealm()).remove();

        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE REALM_ID = ?", realmId));
    }

    private String adminToken() {
        return admin.tokenManager().getAccessTokenString();
    }

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Polls (every 50 ms, for at most 20 s) until the condition holds: waiting for the clock or a batch flush. */
    static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
