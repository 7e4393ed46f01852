package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * A realm's pepper in Keycloak's vault: while the secret is unreadable every use of the realm's keys answers 503 and
 * nothing is written, never a key hashed under the server-wide pepper; when it is back, the earlier keys verify.
 */
@KeycloakIntegrationTest(config = PepperVaultServerConfig.class)
class PepperVaultIT {

    private static final String SOURCE_ATTRIBUTE = "latchkey.api-keys.pepper-source";
    /** The vault's pepper, other than the server-wide one so a key hashed under the wrong one would show. */
    private static final String VAULT_PEPPER = "vault-pepper-for-api-keys-0123456789abcdefghijklm";
    /** The pepper source re-reads a realm's vault secret at most every 10 seconds. */
    private static final long VAULT_RECHECK_MILLIS = 10_500;

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @AfterEach
    void removeSecret() throws Exception {
        Path secret = PepperVaultServerConfig.secretFile(realm.getName());
        Files.deleteIfExists(secret);
        Files.deleteIfExists(away(secret));
    }

    @Test
    void missingVaultPepperRefusesInsteadOfFallingBack() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        Path secret = PepperVaultServerConfig.secretFile(realm.getName());
        Files.writeString(secret, VAULT_PEPPER);

        JsonNode created = keys.created(alice, "{\"name\": \"under-vault-pepper\", \"roles\": [\"reader\"]}");
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(key));
        ApiKeys.expect(200, keys.exchange(key));
        assertEquals("vault", realm.admin().toRepresentation().getAttributesOrEmpty().get(SOURCE_ATTRIBUTE),
                "the realm is marked as keeping its pepper in the vault once it has used it");
        List<String> before = stored(keys, alice);
        String root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        SecretScanner scanner = new SecretScanner("pepper-vault-it");
        ApiKeys.expect(200, keys.admin("PUT", "/settings", root, scanner.settings()));
        byte[] report = SecretScanner.report(List.of(key), "https://github.com/octo/app/blob/1/.env");

        Files.move(secret, away(secret));
        Thread.sleep(VAULT_RECHECK_MILLIS);
        String unavailable = "API keys are unavailable in realm '" + realm.getName() + "'";
        HttpResponse<String> create = keys.create(alice, "{\"name\": \"in-the-gap\", \"roles\": [\"reader\"]}");
        assertEquals(503, create.statusCode(), create.body());
        assertTrue(Http.json(create).get("detail").asText().startsWith(unavailable), create.body());
        HttpResponse<String> verify = keys.verify(key);
        assertEquals(503, verify.statusCode(), verify.body());
        HttpResponse<String> regenerate = keys.regenerate(alice, created.get("id").asText(), null);
        assertEquals(503, regenerate.statusCode(), regenerate.body());
        // The token endpoint answers 503 as well (OAuth's temporarily_unavailable), and makes no token.
        HttpResponse<String> exchange = keys.exchange(key);
        assertEquals(503, exchange.statusCode(), exchange.body());
        assertEquals("temporarily_unavailable", Http.json(exchange).path("error").asText(), exchange.body());
        assertFalse(exchange.body().contains("access_token"), exchange.body());
        // A leak report cannot tell the realm's keys without the pepper: 503, so the scanner sends it again later.
        HttpResponse<String> leakReport = SecretScanner.post(keys.base + "/leaks/github", report, scanner.keyId,
                scanner.sign(report), "application/json");
        assertEquals(503, leakReport.statusCode(), leakReport.body());
        HttpResponse<String> adminLeak = keys.admin("POST", "/leaked", root, "{\"key\": \"" + key + "\"}");
        assertEquals(503, adminLeak.statusCode(), adminLeak.body());
        assertEquals(before, stored(keys, alice), "nothing was written while the pepper was missing");

        Files.move(away(secret), secret);
        Thread.sleep(VAULT_RECHECK_MILLIS);
        ApiKeys.expect(200, keys.verify(key));
        ApiKeys.expect(200, keys.exchange(key));
        keys.created(alice, "{\"name\": \"after-the-gap\", \"roles\": [\"reader\"]}");
    }

    /** Each of the caller's keys as id and display prefix: what a create or a regeneration would change. */
    private static List<String> stored(ApiKeys keys, String token) {
        List<String> stored = new ArrayList<>();
        for (JsonNode key : ApiKeys.expect(200, keys.list(token))) {
            stored.add(key.get("id").asText() + " " + key.get("prefix").asText());
        }
        return stored;
    }

    private static Path away(Path secret) {
        return secret.resolveSibling("away-" + secret.getFileName());
    }
}
