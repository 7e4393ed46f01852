package io.latchkey.vault.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.PermissionTable;
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
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(READING_APP);
            client.setPublicClient(true);
            client.setDirectAccessGrantsEnabled(true);
            client.setFullScopeAllowed(false);
            realm.admin().clients().create(client).close();
            String id = realm.admin().clients().findByClientId(READING_APP).get(0).getId();
            RoleRepresentation read = realm.admin().clients().get(latchkey).roles().get("vault:read")
                    .toRepresentation();
            realm.admin().clients().get(id).getScopeMappings().clientLevel(latchkey).add(List.of(read));
        }
    }

    @Test
    void everyPrincipalGetsExactlyItsRightsOnEveryOperation() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD));
        tokens.put("bob", Tokens.password(realm.getBaseUrl(), UserRealmConfig.BOB, UserRealmConfig.PASSWORD));
        tokens.put("alice via read-only app", password(READING_APP));
        tokens.put("alice via app not for Latchkey", password(LatchkeyRealm.narrowApp(realm)));
        tokens.put("reader service account", Tokens.clientCredentials(realm.getBaseUrl(),
                VaultRealmConfig.READER_CLIENT, VaultRealmConfig.CLIENT_SECRET));
        tokens.put("other service account", Tokens.clientCredentials(realm.getBaseUrl(),
                VaultRealmConfig.OTHER_CLIENT, VaultRealmConfig.CLIENT_SECRET));
        tokens.put("no credential", null);
        vault.clear(tokens.get("alice"));
        String id = vault.created(tokens.get("alice"), CREDENTIAL);

        // Alice last, so her delete does not take the object away from the others' attempts.
        new PermissionTable()
                .operation("catalog", token -> Http.get(realm.getBaseUrl() + "/credential-vault/catalog", token))
                .operation("list", vault::list)
                .operation("services", vault::services)
                .operation("verify", token -> vault.verify(token, "{\"service_name\": \"steam\"}"))
                .operation("get alice's", token -> vault.get(token, id))
                .operation("replace alice's", token -> vault.put(token, id, CREDENTIAL))
                .operation("create", token -> vault.create(token, "{\"service_name\": \"xbox\", \"api_key\": \"x\"}"))
                .operation("read alice's for a backend", token -> vault.backendRead(token, aliceId, "steam"))
                .operation("delete alice's", token -> vault.delete(token, id))
                .expect("bob", 200, 200, 200, 404, 404, 404, 201, 403, 404)
                .expect("alice via read-only app", 200, 200, 200, 200, 200, 403, 403, 403, 403)
                .expect("alice via app not for Latchkey", 401, 401, 401, 401, 401, 401, 401, 401, 401)
                .expect("reader service account", 200, 200, 200, 404, 404, 404, 201, 200, 404)
                .expect("other service account", 200, 200, 200, 404, 404, 404, 201, 403, 404)
                .expect("no credential", 401, 401, 401, 401, 401, 401, 401, 401, 401)
                .expect("alice", 200, 200, 200, 200, 200, 200, 201, 403, 204)
                .check(tokens);
        for (String principal : List.of("bob", "reader service account", "other service account", "alice")) {
            vault.clear(tokens.get(principal));
        }
    }

    private String password(String clientId) {
        return Tokens.password(realm.getBaseUrl(), clientId, UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
    }
}
