package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.ServerInfo;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;
import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.Keysets;
import io.latchkey.vault.jpa.JpaCredentialVaultProviderFactory;
import io.latchkey.vault.spi.CredentialVaultSpi;

/**
 * Keysets from Keycloak's own vault, per realm: absent means 503 (never the server's keyset file), present means it
 * works, replaced means rotated.
 */
@KeycloakIntegrationTest(config = VaultSecretServerConfig.class)
class VaultSecretKeysetIT {

    private static final String SOURCE_ATTRIBUTE = "latchkey.credential-vault.keyset-source";

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @AfterEach
    void removeSecret() throws Exception {
        Path secret = VaultSecretServerConfig.secretFile(realm.getName());
        Files.deleteIfExists(secret);
        Files.deleteIfExists(secret.resolveSibling("away-" + secret.getFileName()));
        // The server re-reads the secret at most once a second: the next test must not meet this one's keyset.
        Thread.sleep(1100);
    }

    @Test
    void realmKeysetComesFromKeycloaksVaultAndRotatesThere() throws Exception {
        Vault vault = new Vault(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        Path secret = VaultSecretServerConfig.secretFile(realm.getName());
        // The operator says up front that the realm's keyset is in the vault: not even the first row may be
        // written under the server's keyset file.
        RealmRepresentation settings = realm.admin().toRepresentation();
        Map<String, String> attributes = new HashMap<>(settings.getAttributesOrEmpty());
        attributes.put(SOURCE_ATTRIBUTE, "vault");
        settings.setAttributes(attributes);
        realm.admin().update(settings);

        assertRefusedEverywhere(vault, alice, "some-id");

        Keysets.write(Keysets.generate(), secret);
        Thread.sleep(1100);
        vault.clear(alice);
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

    @Test
    void missingVaultKeysetRefusesInsteadOfFallingBack() throws Exception {
        Vault vault = new Vault(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        Path secret = VaultSecretServerConfig.secretFile(realm.getName());
        Keysets.write(Keysets.generate(), secret);
        Thread.sleep(1100);
        vault.clear(alice);
        String id = vault.created(alice, "{\"service_name\": \"spotify\", \"api_key\": \"written-under-vault\"}");
        assertEquals("vault", realm.admin().toRepresentation().getAttributesOrEmpty().get(SOURCE_ATTRIBUTE),
                "the realm is marked as keeping its keyset in the vault once it has used it");

        JsonNode before = Vault.json(vault.list(alice));

        Path away = secret.resolveSibling("away-" + secret.getFileName());
        Files.move(secret, away);
        Thread.sleep(1100);
        assertRefusedEverywhere(vault, alice, id);

        Files.move(away, secret);
        Thread.sleep(1100);
        HttpResponse<String> rows = vault.list(alice);
        assertEquals(200, rows.statusCode(), rows.body());
        assertEquals(before, Vault.json(rows), "nothing was written, changed or deleted while the keyset was missing");
        assertEquals(200, vault.verify(alice, "{\"service_name\": \"spotify\"}").statusCode(),
                "the row written under the vault's keyset opens again");
    }

    /** Every operation that needs the key says so the same way, whatever else the request holds. */
    private void assertRefusedEverywhere(Vault vault, String alice, String id) {
        HttpResponse<String> noKey = vault.list(alice);
        assertEquals(503, noKey.statusCode(), noKey.body());
        assertEquals("The credential vault has no encryption key for realm '" + realm.getName() + "'",
                Vault.json(noKey).get("detail").asText());
        String adminToken = admin.tokenManager().getAccessTokenString();
        String spotify = "{\"service_name\": \"spotify\", \"api_key\": \"k\"}";
        for (String[] call : new String[][] {
            {"GET", vault.base + "/credentials/services", null, alice},
            {"POST", vault.base + "/credentials", spotify, alice},
            {"POST", vault.base + "/credentials/verify", "{\"service_name\": \"spotify\"}", alice},
            {"GET", vault.base + "/credentials/" + id, null, alice},
            {"PUT", vault.base + "/credentials/" + id, spotify, alice},
            {"DELETE", vault.base + "/credentials/" + id, null, alice},
            {"GET", vault.base + "/credentials/" + id + "/secret", null, alice},
            {"POST", vault.base.replace("/realms/", "/admin/realms/") + "/reencrypt", null, adminToken},
        }) {
            HttpResponse<String> refused = Http.request(call[0], call[1], call[3], call[2]);
            assertEquals(503, refused.statusCode(), call[0] + " " + call[1] + ": " + refused.body());
        }
    }
}
