package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Tokens;

/**
 * Verify is served from the node's cache: a known key costs no SQL, and every change that affects a key is seen by
 * the very next verify. Each test verifies the key first, so what it then proves is about a cached key.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyVerifyCacheIT {

    @InjectRealm(ref = "verify-cache", config = VerifyCacheRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String carol;

    @BeforeEach
    void signIn() {
        keys = new ApiKeys(realm.getBaseUrl());
        carol = Tokens.password(realm.getBaseUrl(), VerifyCacheRealmConfig.CAROL, VerifyCacheRealmConfig.PASSWORD);
    }

    @Test
    void aCachedKeyVerifiesWithoutAnySqlStatement() {
        String key = keys.adminCreated(adminToken(), "{\"name\": \"hot\", \"owner\": \"carol\","
                + " \"roles\": [\"reader\"]}").get("key").asText();

        long cold = SqlLog.statementsDuring(() -> ApiKeys.expect(200, keys.verify(key)));
        long warm = SqlLog.statementsDuringValidVerifies(keys, key, 20);

        assertTrue(cold > 0, "the first verify reads the key from the database (the log sees it): " + cold);
        assertEquals(0, warm, "20 verifies of a cached key send no SQL statement");
    }

    @Test
    void revokingACachedKeyRefusesTheNextVerifyAndReactivatingAdmitsIt() {
        JsonNode created = keys.created(carol, "{\"name\": \"revocable\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(key));

        ApiKeys.expect(200, keys.revoke(carol, id));
        ApiKeys.expect(401, keys.verify(key));

        ApiKeys.expect(200, keys.admin("POST", "/keys/" + id + "/reactivate", adminToken(), null));
        ApiKeys.expect(200, keys.verify(key));

        ApiKeys.expect(200, keys.admin("POST", "/keys/" + id + "/revoke", adminToken(), null));
        ApiKeys.expect(401, keys.verify(key));
    }

    @Test
    void aRevokedBearerKeyIsRefusedByTheNextRequest() {
        JsonNode created = keys.created(carol, "{\"name\": \"bearer\", \"roles\": [\"latchkey:keys:read\"]}");
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.list(key));

        ApiKeys.expect(200, keys.revoke(carol, created.get("id").asText()));
        assertEquals(401, keys.list(key).statusCode());
    }

    @Test
    void regeneratingACachedKeyRefusesTheOldSecretAtOnce() {
        JsonNode created = keys.created(carol, "{\"name\": \"rotated\", \"roles\": [\"reader\"]}");
        String oldKey = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(oldKey));

        String newKey = ApiKeys.expect(200, keys.regenerate(carol, created.get("id").asText(), null)).get("key")
                .asText();

        ApiKeys.expect(401, keys.verify(oldKey));
        ApiKeys.expect(200, keys.verify(newKey));
    }

    @Test
    void aCachedGraceSecretStopsWhenTheGraceEnds() {
        JsonNode created = keys.created(carol, "{\"name\": \"graceful\", \"roles\": [\"reader\"]}");
        String oldKey = created.get("key").asText();
        JsonNode regenerated = ApiKeys.expect(200, keys.regenerate(carol, created.get("id").asText(),
                "{\"grace_period_seconds\": 2}"));
        Instant graceEnd = Instant.parse(regenerated.get("previous_key_valid_until").asText());
        ApiKeys.expect(200, keys.verify(oldKey));

        ApiKeyLifecycleIT.waitUntil(() -> Instant.now().isAfter(graceEnd.plusMillis(20)));

        ApiKeys.expect(401, keys.verify(oldKey));
        ApiKeys.expect(200, keys.verify(regenerated.get("key").asText()));
    }

    @Test
    void aCachedKeyStopsAtItsExpiry() {
        Instant expiry = Instant.now().plusSeconds(2);
        String key = keys.created(carol, "{\"name\": \"short-lived\", \"roles\": [\"reader\"], \"expires_at\": \""
                + expiry + "\"}").get("key").asText();
        ApiKeys.expect(200, keys.verify(key));

        ApiKeyLifecycleIT.waitUntil(() -> Instant.now().isAfter(expiry.plusMillis(20)));

        ApiKeys.expect(401, keys.verify(key));
    }

    @Test
    void renamingOrDeletingARoleShowsInTheNextVerify() {
        String name = "temp-" + System.nanoTime();
        realm.admin().roles().create(new RoleRepresentation(name, null, false));
        String key = keys.adminCreated(adminToken(), "{\"name\": \"roles\", \"owner\": \"carol\", \"roles\": [\""
                + name + "\"]}").get("key").asText();
        assertEquals(List.of(name), roles(key));

        RoleRepresentation renamed = realm.admin().roles().get(name).toRepresentation();
        renamed.setName(name + "-renamed");
        realm.admin().roles().get(name).update(renamed);
        assertEquals(List.of(name + "-renamed"), roles(key));

        realm.admin().roles().deleteRole(name + "-renamed");
        assertEquals(List.of(), roles(key));
    }

    @Test
    void anOwnerLosingARoleLosesItOnTheNextVerifyOfTheirKey() {
        String username = "dave-" + System.nanoTime();
        UserResource owner = newUser(username, "reader");
        String token = Tokens.password(realm.getBaseUrl(), username, VerifyCacheRealmConfig.PASSWORD);
        String key = keys.created(token, "{\"name\": \"own\", \"roles\": [\"reader\"]}").get("key").asText();
        assertEquals(List.of("reader"), roles(key));

        owner.roles().realmLevel().remove(List.of(realm.admin().roles().get("reader").toRepresentation()));
        assertEquals(List.of(), roles(key));

        owner.roles().realmLevel().add(List.of(realm.admin().roles().get("reader").toRepresentation()));
        assertEquals(List.of("reader"), roles(key));
    }

    @Test
    void disablingOrDeletingTheOwnerRefusesTheNextVerify() {
        String username = "erin-" + System.nanoTime();
        UserResource owner = newUser(username, "reader");
        String key = keys.adminCreated(adminToken(), "{\"name\": \"erin's\", \"owner\": \"" + username + "\","
                + " \"roles\": [\"reader\"]}").get("key").asText();
        ApiKeys.expect(200, keys.verify(key));

        UserRepresentation user = owner.toRepresentation();
        user.setEnabled(false);
        owner.update(user);
        ApiKeys.expect(401, keys.verify(key));

        user.setEnabled(true);
        owner.update(user);
        ApiKeys.expect(200, keys.verify(key));

        owner.remove();
        ApiKeys.expect(401, keys.verify(key));
    }

    @Test
    void aSettingsChangeAppliesToTheNextVerify() {
        JsonNode created = keys.created(carol, "{\"name\": \"settings\", \"roles\": [\"reader\"]}");
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(key));
        ApiKeys.expect(200, keys.revoke(carol, created.get("id").asText()));
        assertEquals("INVALID", ApiKeys.expect(401, keys.verify(key)).get("code").asText());

        ApiKeys.expect(200, keys.admin("PUT", "/settings", adminToken(), "{\"reveal_reason\": true}"));
        try {
            assertEquals("DISABLED", ApiKeys.expect(401, keys.verify(key)).get("code").asText());
        } finally {
            ApiKeys.expect(200, keys.admin("PUT", "/settings", adminToken(), "{\"reveal_reason\": false}"));
        }
        assertEquals("INVALID", ApiKeys.expect(401, keys.verify(key)).get("code").asText());
    }

    private List<String> roles(String key) {
        return ApiKeyLifecycleIT.strings(ApiKeys.expect(200, keys.verify(key)).get("roles"));
    }

    private UserResource newUser(String username, String role) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@latchkey.test");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Tester");
        realm.admin().users().create(user).close();
        UserResource resource = realm.admin().users().get(realm.admin().users().search(username, true).get(0).getId());
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue(VerifyCacheRealmConfig.PASSWORD);
        password.setTemporary(false);
        resource.resetPassword(password);
        resource.roles().realmLevel().add(List.of(realm.admin().roles().get(role).toRepresentation()));
        return resource;
    }

    private String adminToken() {
        return admin.tokenManager().getAccessTokenString();
    }

    /** Counts the SQL statements request threads send, in the server's log (see {@link ApiKeysServerConfig}). */
    static final class SqlLog {

        private SqlLog() {
        }

        /** The statements sent while {@code key} is verified {@code times} times, each answered 200. */
        static long statementsDuringValidVerifies(ApiKeys keys, String key, int times) {
            return statementsDuring(() -> {
                for (int i = 0; i < times; i++) {
                    ApiKeys.expect(200, keys.verify(key));
                }
            });
        }

        static long statementsDuring(Runnable requests) {
            long before = requestStatements();
            requests.run();
            // The log is written as statements run; a short pause lets the last line reach the file.
            pause(300);
            return requestStatements() - before;
        }

        /** Statements from request threads only: the usage flusher and Keycloak's timers write on their own. */
        private static long requestStatements() {
            try {
                return Files.readAllLines(ApiKeysServerConfig.SQL_LOG, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.contains("[org.hibernate.SQL]") && line.contains("(executor-thread"))
                        .count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
