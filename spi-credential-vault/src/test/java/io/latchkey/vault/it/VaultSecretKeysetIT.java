package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.ServerInfo;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;
import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.Keysets;
import io.latchkey.vault.jpa.JpaCredentialVaultProviderFactory;
import io.latchkey.vault.spi.CredentialVaultSpi;

/** Keysets from Keycloak's own vault, per realm: absent means 503, present means it works, replaced means rotated. */
@KeycloakIntegrationTest(config = VaultSecretServerConfig.class)
class VaultSecretKeysetIT {

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @AfterEach
    void removeSecret() throws Exception {
        Files.deleteIfExists(VaultSecretServerConfig.secretFile(realm.getName()));
    }

    @Test
    void realmKeysetComesFromKeycloaksVaultAndRotatesThere() throws Exception {
        Vault vault = new Vault(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        Path secret = VaultSecretServerConfig.secretFile(realm.getName());

        HttpResponse<String> noKey = vault.list(alice);
        assertEquals(503, noKey.statusCode(), noKey.body());
        assertEquals("The credential vault has no encryption key for realm '" + realm.getName() + "'",
                Vault.json(noKey).get("detail").asText());
        // Every operation that needs the key says so the same way, whatever else the request holds.
        String adminToken = admin.tokenManager().getAccessTokenString();
        String spotify = "{\"service_name\": \"spotify\", \"api_key\": \"k\"}";
        for (String[] call : new String[][] {
            {"GET", vault.base + "/credentials/services", null, alice},
            {"POST", vault.base + "/credentials", spotify, alice},
            {"POST", vault.base + "/credentials/verify", "{\"service_name\": \"spotify\"}", alice},
            {"GET", vault.base + "/credentials/some-id", null, alice},
            {"PUT", vault.base + "/credentials/some-id", spotify, alice},
            {"DELETE", vault.base + "/credentials/some-id", null, alice},
            {"GET", vault.base + "/credentials/some-id/secret", null, alice},
            {"POST", vault.base.replace("/realms/", "/admin/realms/") + "/reencrypt", null, adminToken},
        }) {
            HttpResponse<String> refused = Http.request(call[0], call[1], call[3], call[2]);
            assertEquals(503, refused.statusCode(), call[0] + " " + call[1] + ": " + refused.body());
        }

        Keysets.write(Keysets.generate(), secret);
        Thread.sleep(1100);
        vault.created(alice, "{\"service_name\": \"spotify\", \"api_key\": \"from-vault-key\"}");
        assertEquals(200, vault.verify(alice, "{\"service_name\": \"spotify\"}").statusCode());

        Keysets.write(Keysets.rotate(Keysets.read(secret)), secret);
        long newPrimary = new CredentialCipher(Keysets.read(secret)).primaryKeyId();
        Thread.sleep(1100);
        assertEquals(200, vault.verify(alice, "{\"service_name\": \"spotify\"}").statusCode(),
                "the rotated keyset still opens the old row");
        HttpResponse<String> moved = vault.admin("POST", "/reencrypt", admin.tokenManager().getAccessTokenString(),
                null);
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(1, Vault.json(moved).get("reencrypted").asInt());
        assertEquals(newPrimary, Vault.json(moved).get("primary_key_id").asLong());

        assertEquals(VaultSecretServerConfig.SECRET_NAME, ServerInfo.operationalInfo(admin, CredentialVaultSpi.NAME,
                JpaCredentialVaultProviderFactory.ID).orElseThrow().get("keyset-vault-secret"));
    }
}
