package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The credential vault's permission table, principal by operation, on the real server: every cell of
 * {@code VaultPermissionEvaluator} (the cells for API keys and their tokens are proven in the api-keys module, where
 * keys exist). Alice owns the credential every per-object call targets.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class VaultPermissionsIT {

    private static final String READING_APP = "vault-reading-app";
    private static final String NARROW_APP = "vault-narrow-app";
    private static final String CREDENTIAL = "{\"service_name\": \"steam\", \"api_key\": \"steam-secret-1\","
            + " \"service_user_id\": \"7656\"}";

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    private Vault vault;
    private String aliceId;

    @BeforeEach
    void clients() {
        vault = new Vault(realm.getBaseUrl());
        aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
        String latchkey = realm.admin().clients().findByClientId(LatchkeyRealm.CLIENT).get(0).getId();
        if (realm.admin().clients().findByClientId(READING_APP).isEmpty()) {
            // An app the admin limited to reading the vault: its role scope holds latchkey:vault:read only.
            String id = createPublicClient(READING_APP);
            RoleRepresentation read = realm.admin().clients().get(latchkey).roles().get("vault:read")
                    .toRepresentation();
            realm.admin().clients().get(id).getScopeMappings().clientLevel(latchkey).add(List.of(read));
            // An app with no Latchkey role in scope: its tokens are not meant for Latchkey.
            createPublicClient(NARROW_APP);
        }
    }

    @Test
    void everyPrincipalGetsExactlyItsRightsOnEveryOperation() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD));
        tokens.put("bob", Tokens.password(realm.getBaseUrl(), UserRealmConfig.BOB, UserRealmConfig.PASSWORD));
        tokens.put("alice via read-only app", password(READING_APP));
        tokens.put("alice via app not for Latchkey", password(NARROW_APP));
        tokens.put("reader service account", Tokens.clientCredentials(realm.getBaseUrl(),
                VaultRealmConfig.READER_CLIENT, VaultRealmConfig.CLIENT_SECRET));
        tokens.put("other service account", Tokens.clientCredentials(realm.getBaseUrl(),
                VaultRealmConfig.OTHER_CLIENT, VaultRealmConfig.CLIENT_SECRET));
        tokens.put("no credential", null);
        vault.clear(tokens.get("alice"));
        String id = vault.created(tokens.get("alice"), CREDENTIAL);

        Map<String, Function<String, HttpResponse<String>>> operations = new LinkedHashMap<>();
        operations.put("catalog", token -> Http.get(realm.getBaseUrl() + "/credential-vault/catalog", token));
        operations.put("list", vault::list);
        operations.put("services", vault::services);
        operations.put("verify", token -> vault.verify(token, "{\"service_name\": \"steam\"}"));
        operations.put("get alice's", token -> vault.get(token, id));
        operations.put("replace alice's", token -> vault.put(token, id, CREDENTIAL));
        operations.put("create", token -> vault.create(token, "{\"service_name\": \"xbox\", \"api_key\": \"x-1\"}"));
        operations.put("read alice's for a backend", token -> vault.backendRead(token, aliceId, "steam"));
        operations.put("delete alice's", token -> vault.delete(token, id));

        Map<String, Map<String, Integer>> expected = new LinkedHashMap<>();
        expected.put("alice", row(200, 200, 200, 200, 200, 200, 201, 403, 204));
        expected.put("bob", row(200, 200, 200, 404, 404, 404, 201, 403, 404));
        expected.put("alice via read-only app", row(200, 200, 200, 200, 200, 403, 403, 403, 403));
        expected.put("alice via app not for Latchkey", row(401, 401, 401, 401, 401, 401, 401, 401, 401));
        expected.put("reader service account", row(200, 200, 200, 404, 404, 404, 201, 200, 404));
        expected.put("other service account", row(200, 200, 200, 404, 404, 404, 201, 403, 404));
        expected.put("no credential", row(401, 401, 401, 401, 401, 401, 401, 401, 401));

        Map<String, Map<String, Integer>> actual = new LinkedHashMap<>();
        // Alice last, so her delete does not take the object away from the others' attempts.
        List<String> order = List.of("bob", "alice via read-only app", "alice via app not for Latchkey",
                "reader service account", "other service account", "no credential", "alice");
        for (String principal : order) {
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            operations.forEach((name, call) -> outcomes.put(name, call.apply(tokens.get(principal)).statusCode()));
            actual.put(principal, outcomes);
        }
        for (String principal : order) {
            assertEquals(expected.get(principal), actual.get(principal), principal);
        }
        for (String principal : List.of("bob", "reader service account", "other service account", "alice")) {
            vault.clear(tokens.get(principal));
        }
    }

    private static Map<String, Integer> row(int catalog, int list, int services, int verify, int get, int replace,
            int create, int backendRead, int delete) {
        Map<String, Integer> row = new LinkedHashMap<>();
        row.put("catalog", catalog);
        row.put("list", list);
        row.put("services", services);
        row.put("verify", verify);
        row.put("get alice's", get);
        row.put("replace alice's", replace);
        row.put("create", create);
        row.put("read alice's for a backend", backendRead);
        row.put("delete alice's", delete);
        return row;
    }

    private String password(String clientId) {
        return Tokens.accessToken(Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", clientId, "username", UserRealmConfig.ALICE,
                "password", UserRealmConfig.PASSWORD)));
    }

    private String createPublicClient(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setFullScopeAllowed(false);
        realm.admin().clients().create(client).close();
        return realm.admin().clients().findByClientId(clientId).get(0).getId();
    }
}
