package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.PermissionTable;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The PIN flow's permission table, principal by operation, on the real server: every cell of
 * {@code DiscogsPermissionEvaluator}. Linking a Discogs account is refused to API keys and their tokens even when they
 * carry {@code latchkey:discogs:connect}: a linked account signs in as the user.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsPermissionsIT {

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();
    private Discogs discogs;
    private String aliceId;

    @BeforeEach
    void setUp() {
        fake.reset();
        discogs = new Discogs(realm.getBaseUrl());
        aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
    }

    @AfterEach
    void discogsSawOnlyCorrectRequests() {
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void everyPrincipalGetsExactlyItsRightsOnEveryOperation() {
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        String connectKey = key(alice, "[\"latchkey:discogs:connect\"]");
        String otherKey = key(alice, "[\"latchkey:vault:read\"]");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", alice);
        tokens.put("alice via app not for Latchkey", Tokens.password(realm.getBaseUrl(), LatchkeyRealm.narrowApp(realm),
                UserRealmConfig.ALICE, UserRealmConfig.PASSWORD));
        tokens.put("key with discogs:connect", connectKey);
        tokens.put("its exchanged token", exchange(connectKey));
        tokens.put("key without it", otherKey);
        tokens.put("reader service account", Tokens.clientCredentials(realm.getBaseUrl(),
                DiscogsRealmConfig.READER_CLIENT, DiscogsRealmConfig.CLIENT_SECRET));
        tokens.put("other service account", Tokens.clientCredentials(realm.getBaseUrl(),
                DiscogsRealmConfig.OTHER_CLIENT, DiscogsRealmConfig.CLIENT_SECRET));
        tokens.put("no credential", null);

        // verify with an unknown state: 400 (state not found) for whoever may link, so only they got that far.
        new PermissionTable()
                .operation("authorize", discogs::authorize)
                .operation("verify", token -> discogs.verify(token, "no-such-state", "123456"))
                .operation("status", discogs::status)
                .operation("revoke", discogs::revoke)
                .operation("read alice's token for a backend", token -> discogs.backendRead(token, aliceId))
                .expect("alice", 200, 400, 200, 200, 403)
                .expect("alice via app not for Latchkey", 401, 401, 401, 401, 401)
                .expect("key with discogs:connect", 403, 403, 200, 200, 403)
                .expect("its exchanged token", 403, 403, 200, 200, 403)
                .expect("key without it", 403, 403, 403, 403, 403)
                .expect("reader service account", 200, 400, 200, 200, 404)
                .expect("other service account", 200, 400, 200, 200, 403)
                .expect("no credential", 401, 401, 401, 401, 401)
                .check(tokens);
    }

    private String key(String token, String roles) {
        HttpResponse<String> created = Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", token,
                "{\"name\": \"discogs " + System.nanoTime() + "\", \"roles\": " + roles + "}");
        assertEquals(201, created.statusCode(), created.body());
        return Http.json(created).get("key").asText();
    }

    private String exchange(String key) {
        HttpResponse<String> response = Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", Tokens.TEST_APP,
                "api_key", key));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response).get("access_token").asText();
    }
}
