package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The demo realm's staff levels, tried against Keycloak's admin API and Latchkey's admin endpoints as an attacker would:
 * each staff account gets exactly what the README's table gives it, and none can reach an admin, raise itself or anyone
 * else, or see realm settings. Staff managers manage the members of {@code /customers} through Keycloak's fine-grained
 * admin permissions (v2), not through manage-users, which would cover the realm's admins too.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class DemoRealmStaffIT {

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    private final Map<String, String> tokens = new HashMap<>();
    private String adminApi;
    private String victim;

    @BeforeEach
    void customer() {
        adminApi = realm.getBaseUrl().replace("/realms/", "/admin/realms/");
        List<UserRepresentation> found = realm.admin().users().search("staff-victim", true);
        if (found.isEmpty()) {
            UserRepresentation user = new UserRepresentation();
            user.setUsername("staff-victim");
            user.setEmail("staff-victim@example.com");
            user.setFirstName("Staff");
            user.setLastName("Victim");
            user.setEnabled(true);
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue("victim-password-1");
            password.setTemporary(false);
            user.setCredentials(List.of(password));
            realm.admin().users().create(user).close();
            found = realm.admin().users().search("staff-victim", true);
        }
        victim = found.get(0).getId();
    }

    @Test
    void staffGetExactlyTheirLevelAndCannotRaiseThemselvesOrReachAdmins() {
        String admin = id("demo-admin");
        String manager = id("demo-manager");
        String support = id("demo-support");
        String management = realm.admin().clients().findByClientId("realm-management").get(0).getId();
        String realmAdminRole = role("/clients/" + management + "/roles/realm-admin");
        String manageUsersRole = role("/clients/" + management + "/roles/manage-users");
        String staffManagerRole = role("/roles/staff-manager");
        String apiUserRole = role("/roles/api-user");
        String customers = realm.admin().groups().groups("customers", 0, 1).get(0).getId();
        String password = "{\"type\": \"password\", \"value\": \"pwned-password-1\", \"temporary\": false}";
        // Keys to report as leaked: revoking is what a report does, so one call per key and staff level decides.
        String customersKey = key("staff-victim");
        String adminsKey = key("demo-admin");
        String customersKeyId = created("staff-victim").get("id").asText();

        // Each call: method, path, body, then the expected status for support, manager and (a control) the admin.
        List<Call> calls = List.of(
                new Call("list users", "GET", "/users", null, 200, 200, 200),
                new Call("view the admin", "GET", "/users/" + admin, null, 200, 200, 200),
                new Call("edit a customer", "PUT", "/users/" + victim, "{\"firstName\": \"Staff\"}", 403, 204, 204),
                new Call("edit the admin", "PUT", "/users/" + admin, "{\"firstName\": \"Ada\"}", 403, 403, 204),
                new Call("reset the admin's password", "PUT", "/users/" + admin + "/reset-password", password,
                        403, 403, null),
                new Call("reset a customer's password", "PUT", "/users/" + victim + "/reset-password",
                        "{\"type\": \"password\", \"value\": \"victim-password-1\", \"temporary\": false}",
                        403, 204, 204),
                new Call("delete the admin", "DELETE", "/users/" + admin, null, 403, 403, null),
                new Call("impersonate a customer", "POST", "/users/" + victim + "/impersonation", null, 403, 403,
                        null),
                new Call("map realm-admin to oneself", "POST", "/users/{self}/role-mappings/clients/" + management,
                        "[" + realmAdminRole + "]", 403, 403, null),
                new Call("map manage-users to oneself", "POST", "/users/{self}/role-mappings/clients/" + management,
                        "[" + manageUsersRole + "]", 403, 403, null),
                new Call("make a customer a staff manager", "POST", "/users/" + victim + "/role-mappings/realm",
                        "[" + staffManagerRole + "]", 403, 403, null),
                new Call("give a customer api-user", "POST", "/users/" + victim + "/role-mappings/realm",
                        "[" + apiUserRole + "]", 403, 204, 204),
                new Call("join a group", "PUT", "/users/{self}/groups/" + customers, null, 403, 403, null),
                new Call("create a user", "POST", "/users", "{\"username\": \"sneaky\", \"enabled\": true}", 403,
                        403, null),
                new Call("list clients", "GET", "/clients", null, 403, 403, 200),
                new Call("list realm roles", "GET", "/roles", null, 403, 403, 200),
                new Call("change realm settings", "PUT", "", "{\"displayName\": \"pwned\"}", 403, 403, null),
                new Call("read authentication flows", "GET", "/authentication/flows", null, 403, 403, 200),
                new Call("view a customer's quota", "GET", "/quota/users/staff-victim", null, 200, 200, 200),
                new Call("change a customer's plan", "PUT", "/quota/users/staff-victim",
                        "{\"subscription_plan\": \"free\"}", 403, 200, 200),
                new Call("change the admin's plan", "PUT", "/quota/users/demo-admin",
                        "{\"subscription_plan\": \"free\"}", 403, 403, 200),
                new Call("read the plans", "GET", "/quota/plans", null, 403, 403, 200),
                new Call("list API keys", "GET", "/api-keys/keys", null, 200, 200, 200),
                new Call("read a customer's key usage", "GET", "/api-keys/keys/" + customersKeyId + "/usage", null,
                        200, 200, 200),
                new Call("read a customer's API-key usage", "GET", "/api-keys/users/" + victim + "/usage", null,
                        200, 200, 200),
                new Call("read the admin's API-key usage", "GET", "/api-keys/users/" + admin + "/usage", null,
                        200, 200, 200),
                new Call("make a key for a customer", "POST", "/api-keys/keys",
                        "{\"name\": \"staff\", \"owner\": \"staff-victim\", \"roles\": [\"api-user\"]}", 403, 201, 201),
                new Call("make a key for the admin", "POST", "/api-keys/keys",
                        "{\"name\": \"takeover\", \"owner\": \"demo-admin\", \"roles\": [\"api-user\"]}", 403, 403,
                        null),
                new Call("make a key for the backend's service account", "POST", "/api-keys/keys",
                        "{\"name\": \"curator\", \"service_account\": \"latchkey-backend\","
                                + " \"roles\": [\"credential-vault-reader\"]}", 403, 403, null),
                new Call("report a customer's key as leaked", "POST", "/api-keys/leaked",
                        "{\"key\": \"" + customersKey + "\"}", 403, 200, 200),
                new Call("report the admin's key as leaked", "POST", "/api-keys/leaked",
                        "{\"key\": \"" + adminsKey + "\"}", 403, 403, 200),
                new Call("read API-key settings", "GET", "/api-keys/settings", null, 403, 403, 200),
                new Call("read vault settings", "GET", "/credential-vault/settings", null, 403, 403, 200),
                new Call("change the plans", "PUT", "/quota/plans", "{}", 403, 403, null),
                new Call("change quota settings", "PUT", "/quota/settings", "{}", 403, 403, null),
                new Call("apply message retention", "POST", "/quota/messages/retention", null, 403, 403, null),
                new Call("change API-key settings", "PUT", "/api-keys/settings", "{}", 403, 403, null),
                new Call("change the vault catalog", "PUT", "/credential-vault/catalog", "{}", 403, 403, null),
                new Call("re-encrypt the vault", "POST", "/credential-vault/reencrypt", null, 403, 403, null),
                new Call("change vault settings", "PUT", "/credential-vault/settings", "{}", 403, 403, null),
                new Call("delete the admin's stored credential", "DELETE",
                        "/credential-vault/users/" + admin + "/credentials/lastfm", null, 403, 403, null));

        Map<String, String> bearer = Map.of("demo-support", token("demo-support", "support-password-1"),
                "demo-manager", token("demo-manager", "manager-password-1"),
                "demo-admin", token("demo-admin", "admin-password-1"));
        Map<String, String> selves = Map.of("demo-support", support, "demo-manager", manager, "demo-admin", admin);
        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (Call call : calls) {
            for (String who : List.of("demo-support", "demo-manager", "demo-admin")) {
                Integer status = who.equals("demo-support") ? call.support : who.equals("demo-manager") ? call.manager
                        : call.admin;
                if (status == null) {
                    continue;
                }
                String path = call.path.replace("{self}", selves.get(who));
                HttpResponse<String> response = Http.request(call.method, adminApi + path, bearer.get(who), call.body);
                expected.put(who + ": " + call.name, status);
                actual.put(who + ": " + call.name, response.statusCode());
            }
        }

        assertEquals(expected, actual);
        assertEquals("Ada", realm.admin().users().get(admin).toRepresentation().getFirstName(), "the admin is intact");
        assertEquals(200, Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of("grant_type",
                "password", "client_id", "latchkey-cli", "username", "demo-admin", "password", "admin-password-1"))
                .statusCode(), "the admin's password still works");
        assertEquals(List.of(), realm.admin().users().get(manager).roles().clientLevel(management).listAll(),
                "the manager gained no administration role");
    }

    private record Call(String name, String method, String path, String body, Integer support, Integer manager,
            Integer admin) {
    }

    /**
     * One sign-in per user and test: Keycloak's blocking brute-force protector refuses a user's next sign-in as
     * "temporarily disabled" while the bookkeeping of the previous one is still running in the background, which a
     * busy machine makes visible when the same user signs in several times a second.
     */
    private String token(String username, String password) {
        return tokens.computeIfAbsent(username, user -> Tokens.accessToken(Http.postForm(realm.getBaseUrl()
                + "/protocol/openid-connect/token", Map.of("grant_type", "password", "client_id", "latchkey-cli",
                "username", user, "password", password))));
    }

    /** A new key of {@code owner}, made by the realm admin: the whole key, as a leak would show it. */
    private String key(String owner) {
        return created(owner).get("key").asText();
    }

    /** A new key of {@code owner}, made by the realm admin, as the response shows it. */
    private JsonNode created(String owner) {
        HttpResponse<String> created = Http.request("POST", adminApi + "/api-keys/keys", token("demo-admin",
                "admin-password-1"), "{\"name\": \"leak-" + owner + "\", \"owner\": \"" + owner + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return Http.json(created);
    }

    private String id(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String role(String path) {
        HttpResponse<String> response = Http.get(adminApi + path, token("demo-admin", "admin-password-1"));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
