package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/** One user never reaches another's credentials: every attempt is the same 404 as for an id that does not exist. */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class CredentialIsolationIT {

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    private Vault vault;
    private String alice;
    private String bob;
    private String bobsSpotify;

    @BeforeEach
    void bobStoresASecret() {
        vault = new Vault(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        bob = Tokens.password(realm.getBaseUrl(), UserRealmConfig.BOB, UserRealmConfig.PASSWORD);
        vault.list(bob);
        bobsSpotify = Vault.json(vault.list(bob)).findValuesAsText("id").stream().findFirst()
                .orElseGet(() -> vault.created(bob, "{\"service_name\": \"spotify\", \"api_key\": \"bobs-token\"}"));
    }

    @Test
    void foreignCredentialIsNotFoundForEveryOperation() {
        List<Function<String, HttpResponse<String>>> operations = List.of(
                id -> vault.get(alice, id),
                id -> vault.put(alice, id, "{\"service_name\": \"spotify\", \"api_key\": \"hijack\"}"),
                id -> vault.delete(alice, id),
                id -> vault.secret(alice, id));
        for (Function<String, HttpResponse<String>> operation : operations) {
            HttpResponse<String> foreign = operation.apply(bobsSpotify);
            HttpResponse<String> absent = operation.apply("00000000-0000-0000-0000-000000000000");

            assertEquals(404, foreign.statusCode(), foreign.body());
            assertEquals("{\"detail\":\"Not found\"}", foreign.body());
            assertEquals(absent.statusCode(), foreign.statusCode());
            assertEquals(absent.body(), foreign.body(), "a foreign id must be indistinguishable from a missing one");
        }
        assertEquals(200, vault.get(bob, bobsSpotify).statusCode(), "bob's credential is untouched");
        assertEquals(200, vault.verify(bob, "{\"service_name\": \"spotify\"}").statusCode());
    }

    @Test
    void listsServicesAndVerifyOnlySeeTheCallersOwn() {
        assertEquals("[]", vault.list(alice).body());
        assertEquals("[]", vault.services(alice).body());
        assertEquals(404, vault.verify(alice, "{\"service_name\": \"spotify\"}").statusCode());
    }

    @Test
    void malformedIdsAreNotFoundToo() {
        for (String id : List.of("1", "x".repeat(300), "%27%20OR%201%3D1--", "..%2F..%2Fadmin")) {
            HttpResponse<String> response = vault.get(alice, id);
            assertEquals(404, response.statusCode(), id + " -> " + response.body());
        }
    }
}
