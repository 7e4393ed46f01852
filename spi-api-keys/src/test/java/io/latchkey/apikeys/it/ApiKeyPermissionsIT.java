package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.PermissionTable;
import io.latchkey.testsupport.Tokens;

/**
 * The self-service API-key endpoints' permission table, principal by operation, on the real server: every cell of
 * {@code ApiKeyPermissionEvaluator}'s self-service part. Alice owns the key every per-object call targets; the key
 * principals are Alice's own keys and a token exchanged from one.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyPermissionsIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    /** Another realm, whose realm admin ({@code root} there) has no rights in {@link #realm}. */
    @InjectRealm(ref = "other", config = ApiKeysRealmConfig.class)
    ManagedRealm otherRealm;

    @Test
    void everyPrincipalGetsExactlyItsRightsOnEveryOperation() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String reading = keys.created(alice, "{\"name\": \"reading\", \"roles\": [\"latchkey:keys:read\"]}")
                .get("key").asText();
        String managing = keys.created(alice, "{\"name\": \"managing\", \"roles\": [\"latchkey:keys:read\","
                + " \"latchkey:keys:manage\"]}").get("key").asText();
        String plain = keys.created(alice, "{\"name\": \"plain\", \"roles\": [\"reader\"]}").get("key").asText();

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("bob", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD));
        tokens.put("alice via app not for Latchkey", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.NARROW_APP,
                ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD));
        tokens.put("alice's key without key roles", plain);
        tokens.put("alice's key with keys:read", reading);
        tokens.put("alice's key with keys:manage", managing);
        tokens.put("token of that key", exchange(keys, managing));
        tokens.put("gateway service account", Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY,
                ApiKeysRealmConfig.SECRET));
        tokens.put("no credential", null);
        tokens.put("alice", alice);

        // A fresh target for each principal, so one principal's revoke does not change the next one's answer.
        String[] target = new String[1];
        new PermissionTable()
                .beforeEachPrincipal(principal -> target[0] = keys.created(alice,
                        "{\"name\": \"target\", \"roles\": [\"reader\"]}").get("id").asText())
                .operation("list", keys::list)
                .operation("roles", token -> Http.get(keys.base + "/roles", token))
                .operation("get alice's", token -> keys.get(token, target[0]))
                .operation("usage of alice's", token -> Http.get(keys.base + "/keys/" + target[0] + "/usage", token))
                .operation("create", token -> keys.create(token, "{\"name\": \"made\", \"roles\": [\"reader\"]}"))
                .operation("regenerate alice's", token -> keys.regenerate(token, target[0], null))
                .operation("revoke alice's", token -> keys.revoke(token, target[0]))
                .expect("bob", 200, 200, 404, 404, 201, 404, 404)
                .expect("alice via app not for Latchkey", 401, 401, 401, 401, 401, 401, 401)
                .expect("alice's key without key roles", 403, 403, 403, 403, 403, 403, 403)
                .expect("alice's key with keys:read", 200, 200, 200, 200, 403, 403, 403)
                .expect("alice's key with keys:manage", 200, 200, 200, 200, 403, 403, 200)
                .expect("token of that key", 200, 200, 200, 200, 403, 403, 200)
                .expect("gateway service account", 200, 200, 404, 404, 201, 404, 404)
                .expect("no credential", 401, 401, 401, 401, 401, 401, 401)
                .expect("alice", 200, 200, 200, 200, 201, 200, 200)
                .check(tokens);
        assertEquals(List.of("made"), names(Http.json(keys.list(alice))).stream()
                .filter(name -> name.equals("made")).toList(), "alice's key made only by alice herself");
    }

    /**
     * {@code POST /admin/realms/{realm}/api-keys/leaked}, the admin's leak report, asks what revoking asks: Keycloak's
     * query-users and the right to manage the key's owner. A user manager may report a customer's key but not an
     * admin's; keys, tokens made from keys and admins of another realm get nowhere (a key is no token Keycloak's
     * admin API accepts: 401; the others are valid tokens without rights in this realm: Keycloak's 403).
     */
    @Test
    void reportingALeakedKeyNeedsTheRightToManageItsOwner() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        String managing = keys.created(alice, "{\"name\": \"managing\", \"roles\": [\"latchkey:keys:read\","
                + " \"latchkey:keys:manage\"]}").get("key").asText();

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", alice);
        tokens.put("bob", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD));
        tokens.put("alice's key with keys:manage", managing);
        tokens.put("token of that key", exchange(keys, managing));
        tokens.put("gateway service account", Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY,
                ApiKeysRealmConfig.SECRET));
        tokens.put("manager (manage-users)", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.MANAGER,
                ApiKeysRealmConfig.PASSWORD));
        tokens.put("root (realm-admin)", root);
        tokens.put("realm-admin of another realm", Tokens.password(otherRealm.getBaseUrl(), ApiKeysRealmConfig.ROOT,
                ApiKeysRealmConfig.PASSWORD));
        tokens.put("no credential", null);

        // Fresh keys for each principal: a row that revokes one must not change the next row's answer.
        String[] alicesKey = new String[1];
        String[] rootsKey = new String[1];
        new PermissionTable()
                .beforeEachPrincipal(principal -> {
                    alicesKey[0] = keys.created(alice, "{\"name\": \"leak target\"}").get("key").asText();
                    rootsKey[0] = keys.created(root, "{\"name\": \"admin's leak target\"}").get("key").asText();
                })
                .operation("report alice's key", token -> keys.admin("POST", "/leaked", token,
                        "{\"key\": \"" + alicesKey[0] + "\"}"))
                .operation("report root's key", token -> keys.admin("POST", "/leaked", token,
                        "{\"key\": \"" + rootsKey[0] + "\"}"))
                .expect("alice", 403, 403)
                .expect("bob", 403, 403)
                .expect("alice's key with keys:manage", 401, 401)
                .expect("token of that key", 403, 403)
                .expect("gateway service account", 403, 403)
                .expect("manager (manage-users)", 200, 403)
                .expect("root (realm-admin)", 200, 200)
                .expect("realm-admin of another realm", 403, 403)
                .expect("no credential", 401, 401)
                .check(tokens);
        // The last row was refused: its keys still work, so a refused report revoked nothing.
        ApiKeys.expect(200, keys.verify(alicesKey[0]));
        ApiKeys.expect(200, keys.verify(rootsKey[0]));
    }

    /**
     * The admin's usage reads ({@code GET /admin/realms/{realm}/api-keys/keys/{id}/usage} and
     * {@code .../users/{user_id}/usage}) ask what reading a key asks: Keycloak's view-users. Users, keys, tokens made
     * from keys, a service account without admin roles and admins of another realm get nowhere (a key is no token
     * Keycloak's admin API accepts: 401; the others are valid tokens without rights in this realm: Keycloak's 403).
     */
    @Test
    void readingUsageAsAnAdminNeedsViewUsers() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String managing = keys.created(alice, "{\"name\": \"managing\", \"roles\": [\"latchkey:keys:read\","
                + " \"latchkey:keys:manage\"]}").get("key").asText();
        String id = keys.created(alice, "{\"name\": \"admin usage target\"}").get("id").asText();
        String aliceId = realm.admin().users().search(ApiKeysRealmConfig.ALICE, true).get(0).getId();

        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", alice);
        tokens.put("bob", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD));
        tokens.put("alice's key with keys:manage", managing);
        tokens.put("token of that key", exchange(keys, managing));
        tokens.put("gateway service account", Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY,
                ApiKeysRealmConfig.SECRET));
        tokens.put("manager (view-users)", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.MANAGER,
                ApiKeysRealmConfig.PASSWORD));
        tokens.put("root (realm-admin)", Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT,
                ApiKeysRealmConfig.PASSWORD));
        tokens.put("realm-admin of another realm", Tokens.password(otherRealm.getBaseUrl(), ApiKeysRealmConfig.ROOT,
                ApiKeysRealmConfig.PASSWORD));
        tokens.put("no credential", null);

        new PermissionTable()
                .operation("a key's usage", token -> keys.admin("GET", "/keys/" + id + "/usage", token, null))
                .operation("a user's usage", token -> keys.admin("GET", "/users/" + aliceId + "/usage", token, null))
                .expect("alice", 403, 403)
                .expect("bob", 403, 403)
                .expect("alice's key with keys:manage", 401, 401)
                .expect("token of that key", 403, 403)
                .expect("gateway service account", 403, 403)
                .expect("manager (view-users)", 200, 200)
                .expect("root (realm-admin)", 200, 200)
                .expect("realm-admin of another realm", 403, 403)
                .expect("no credential", 401, 401)
                .check(tokens);
    }

    private static String exchange(ApiKeys keys, String key) {
        return ApiKeys.expect(200, keys.exchange(key)).get("access_token").asText();
    }

    private static List<String> names(JsonNode keys) {
        return StreamSupport.stream(keys.spliterator(), false).map(key -> key.get("name").asText()).toList();
    }
}
