package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.FakeDiscogs.DiscogsUser;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/** Discogs tokens at rest: in the credential vault, encrypted; in no table of the database in plaintext. */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsStorageIT {

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();

    @Test
    void noTokenOrSecretIsInAnyTableInPlaintext() throws Exception {
        fake.reset();
        Discogs discogs = new Discogs(realm.getBaseUrl());
        List<String> secrets = new ArrayList<>();
        String curator = Tokens.clientCredentials(realm.getBaseUrl(), DiscogsRealmConfig.READER_CLIENT,
                DiscogsRealmConfig.CLIENT_SECRET);
        long id = 3100;
        for (String username : List.of(UserRealmConfig.ALICE, UserRealmConfig.BOB)) {
            String token = Tokens.password(realm.getBaseUrl(), username, UserRealmConfig.PASSWORD);
            JsonNode started = discogs.started(token);
            String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                    new DiscogsUser(id++, username + "_digs"));
            assertEquals(200, discogs.verify(token, started.get("state").asText(), verifier).statusCode());
            String userId = realm.admin().users().search(username, true).get(0).getId();
            JsonNode read = Discogs.json(discogs.backendRead(curator, userId));
            secrets.add(read.get("oauth_token").asText());
            secrets.add(read.get("oauth_token_secret").asText());
        }

        List<String> tables = TestDatabaseSql.allTables();
        assertTrue(tables.stream().anyMatch(t -> t.equalsIgnoreCase("LK_VAULT_CREDENTIAL")), tables.toString());
        assertTrue(tables.stream().anyMatch(t -> t.equalsIgnoreCase("FEDERATED_IDENTITY")), tables.toString());
        List<String> atRest = new ArrayList<>();
        for (String table : tables) {
            atRest.addAll(TestDatabaseSql.allValues(table));
        }
        assertEquals(2, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_VAULT_CREDENTIAL WHERE SERVICE_NAME = ?"
                + " AND REALM_ID = ?", DiscogsRealmConfig.ALIAS, realm.getId()));
        assertEquals(2, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE IDENTITY_PROVIDER = ?"
                + " AND REALM_ID = ?", DiscogsRealmConfig.ALIAS, realm.getId()));
        for (String secret : secrets) {
            assertTrue(secret.length() >= 16, "the fake issues long tokens");
            assertTrue(atRest.stream().noneMatch(v -> v != null && v.contains(secret)), secret + " is at rest");
            assertTrue(atRest.stream().noneMatch(v -> v != null && v.contains(secret.substring(2, 14))),
                    "no fragment of " + secret + " is at rest");
        }
    }
}
