package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.HostileBodies;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Every body-taking credential-vault endpoint, the user's and the admin's, against the hostile bodies of
 * {@link HostileBodies}: 415, 400 or 413 with a sentence, never a 5xx, and nothing stored or changed.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class VaultHostileBodyIT {

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void hostileBodiesAreRefusedInWordsAndStoreNothing() {
        Vault vault = new Vault(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        String adminToken = admin.tokenManager().getAccessTokenString();
        vault.clear(alice);
        String credential = "{\"service_name\": \"steam\", \"api_key\": \"steam-1\"}";
        String id = vault.created(alice, credential);
        String stored = vault.list(alice).body();
        String catalog = vault.admin("GET", "/catalog", adminToken, null).body();
        String settings = vault.admin("GET", "/settings", adminToken, null).body();

        HostileBodies.check("POST", vault.base + "/credentials", alice,
                "{\"service_name\": \"lastfm\", \"api_key\": \"k\"}");
        HostileBodies.check("PUT", vault.base + "/credentials/" + id, alice, credential);
        HostileBodies.check("POST", vault.base + "/credentials/verify", alice, "{\"service_name\": \"steam\"}");
        HostileBodies.check("PUT", vault.adminBase + "/catalog", adminToken, "{\"services\": []}");
        HostileBodies.check("PUT", vault.adminBase + "/settings", adminToken, "{\"owner_can_read_secret\": true}");

        assertEquals(stored, vault.list(alice).body(), "alice's credentials unchanged");
        assertEquals(catalog, vault.admin("GET", "/catalog", adminToken, null).body(), "catalog unchanged");
        assertEquals(settings, vault.admin("GET", "/settings", adminToken, null).body(), "settings unchanged");
        vault.delete(alice, id);
    }
}
