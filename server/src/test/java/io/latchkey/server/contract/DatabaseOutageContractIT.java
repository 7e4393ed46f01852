package io.latchkey.server.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.registration.rest.RegistrationResource;
import io.latchkey.server.BundleServerConfig;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The 503 every operation documents for a lost database, produced for real: PostgreSQL closes the server's database
 * to new connections and ends the ones it has, which is what a stopped or unreachable database does to a node
 * (without stopping the PostgreSQL other tests share). Each module's operations, the admin API's too, must then
 * answer 503 with {@code Retry-After} and the documented body within 10 s, never 500 and never hang; once the
 * database is back, they answer as before.
 *
 * <p>PostgreSQL only (.ci/run lists it in its PostgreSQL pass): the embedded H2 of the default build lives inside the
 * server and cannot be taken away from it.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class DatabaseOutageContractIT {

    /** What every operation answers while the database is lost; ContractIT's H2 run leaves this status to this test. */
    static final int UNAVAILABLE = 503;
    private static final String CLI = "latchkey-cli";
    private static final long HANG_MILLIS = 10_000;
    private static final long RECOVERY_MILLIS = 30_000;

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    private final OpenApiContract contract = new OpenApiContract();

    /** One request of one operation, sent with the credential it takes. */
    private record Probe(String method, String path, String bearer, String json) {

        HttpResponse<String> send(String base) {
            return Http.request(method, base + path, bearer, json);
        }

        String id() {
            return method + " " + path;
        }
    }

    @Test
    void everyModuleAnswersALostDatabaseWith503AsDocumentedAndRecovers() throws Exception {
        assumeTrue(Outage.available(), "needs the PostgreSQL test database (KC_TEST_DATABASE_URL=jdbc:postgresql:...)");
        // Other tests of this server registered from this address: the per-address registration limit would
        // answer 429 before the database is asked.
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.getAttributes().put(RegistrationResource.RATE_LIMIT_ATTRIBUTE, "1000");
        realm.admin().update(representation);
        String base = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
        String admin = Tokens.password(realm.getBaseUrl(), CLI, "demo-admin", "admin-password-1");
        String user = Tokens.password(realm.getBaseUrl(), CLI, "demo", "demo-password-1");
        String key = Http.json(Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", user,
                "{\"name\": \"outage probe\"}")).path("key").asText();
        List<Probe> probes = List.of(
                new Probe("GET", "/realms/latchkey/api-keys/keys", user, null),
                new Probe("POST", "/realms/latchkey/api-keys/verify", key, null),
                new Probe("GET", "/admin/realms/latchkey/api-keys/keys", admin, null),
                new Probe("GET", "/realms/latchkey/credential-vault/credentials", user, null),
                new Probe("GET", "/admin/realms/latchkey/credential-vault/users/no-such-user/credentials", admin,
                        null),
                new Probe("GET", "/realms/latchkey/quota", user, null),
                new Probe("GET", "/admin/realms/latchkey/quota/usage", admin, null),
                new Probe("GET", "/realms/latchkey/discogs/status", user, null),
                new Probe("POST", "/realms/latchkey/registration", null, "{\"username\": \"outage-"
                        + System.nanoTime() + "\", \"email\": \"outage@example.com\", \"password\": \"password123\","
                        + " \"confirm_password\": \"password123\"}"));
        List<String> before = new ArrayList<>();
        for (Probe probe : probes) {
            int status = probe.send(base).statusCode();
            if (status >= 500) {
                before.add(probe.id() + " answered " + status + " before the outage");
            }
        }
        assertEquals(List.of(), before);

        List<String> wrong = new ArrayList<>();
        long slowest = 0;
        try (Outage outage = Outage.begin()) {
            for (Probe probe : probes) {
                long start = System.nanoTime();
                HttpResponse<String> response = probe.send(base);
                long millis = (System.nanoTime() - start) / 1_000_000;
                slowest = Math.max(slowest, millis);
                OpenApiContract.Operation op = contract.find(probe.method(), probe.path()).orElseThrow();
                if (response.statusCode() != UNAVAILABLE) {
                    wrong.add(probe.id() + " answered " + response.statusCode() + " in " + millis + " ms: "
                            + OpenApiContract.abbreviate(response.body()));
                    continue;
                }
                wrong.addAll(contract.check(op, UNAVAILABLE, response.headers().firstValue("Content-Type").orElse(null),
                        response.body()));
                if (!"5".equals(response.headers().firstValue("Retry-After").orElse(null))) {
                    wrong.add(probe.id() + " 503 without Retry-After: 5");
                }
                if (millis > HANG_MILLIS) {
                    wrong.add(probe.id() + " took " + millis + " ms");
                }
            }
        }
        assertEquals(List.of(), wrong);
        System.out.println("Database outage: " + probes.size() + " operations answered 503 as documented; slowest "
                + slowest + " ms");

        long back = System.nanoTime();
        List<String> failing = new ArrayList<>(probes.stream().map(Probe::id).toList());
        while (!failing.isEmpty() && (System.nanoTime() - back) / 1_000_000 < RECOVERY_MILLIS) {
            failing.clear();
            for (Probe probe : probes.subList(0, probes.size() - 1)) {
                if (probe.send(base).statusCode() >= 500) {
                    failing.add(probe.id());
                }
            }
            if (!failing.isEmpty()) {
                Thread.sleep(500);
            }
        }
        System.out.println("Database outage: service back " + (System.nanoTime() - back) / 1_000_000
                + " ms after the database returned");
        assertTrue(failing.isEmpty(), "still failing " + RECOVERY_MILLIS + " ms after the database returned: "
                + failing);
    }

    /**
     * The connection lost at the worst moment: after every statement of a write ran, at its commit. A deferred
     * constraint trigger fires inside PostgreSQL's COMMIT and ends its own connection there, so the commit fails the way
     * it does when the database goes away mid-request (what the two-node fault check once caught as a 500). The write
     * must answer 503 as documented, store nothing, and succeed once the database commits again.
     */
    @Test
    void aCommitTheDatabaseBreaksAnswers503AndStoresNothing() throws Exception {
        assumeTrue(Outage.available(), "needs the PostgreSQL test database (KC_TEST_DATABASE_URL=jdbc:postgresql:...)");
        String user = Tokens.password(realm.getBaseUrl(), CLI, "demo", "demo-password-1");
        String base = realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
        var created = Http.json(Http.request("POST", realm.getBaseUrl() + "/api-keys/keys", user,
                "{\"name\": \"commit probe\"}"));
        String keyId = created.path("id").asText();
        String service = "trakt_client_secret";
        String secret = "commit-probe-" + System.nanoTime();
        List<Probe> writes = List.of(
                new Probe("POST", "/realms/latchkey/credential-vault/credentials", user,
                        "{\"service_name\": \"" + service + "\", \"api_key\": \"" + secret + "\"}"),
                new Probe("POST", "/realms/latchkey/api-keys/keys/" + keyId + "/revoke", user, null));

        List<String> wrong = new ArrayList<>();
        try (Connection db = Outage.testDatabase(); Statement s = db.createStatement()) {
            // Another test of this server may have stored this service for the demo user: start without it.
            s.execute("DELETE FROM lk_vault_credential WHERE service_name = '" + service + "' AND user_id ="
                    + " (SELECT id FROM user_entity WHERE username = 'demo' AND realm_id = (SELECT id FROM realm"
                    + " WHERE name = 'latchkey'))");
            s.execute("CREATE OR REPLACE FUNCTION lk_test_break_commit() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $$");
            for (String table : List.of("lk_vault_credential", "lk_api_key")) {
                s.execute("CREATE CONSTRAINT TRIGGER lk_test_break_commit AFTER INSERT OR UPDATE ON " + table
                        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lk_test_break_commit()");
            }
            try {
                for (Probe probe : writes) {
                    HttpResponse<String> response = probe.send(base);
                    if (response.statusCode() != UNAVAILABLE) {
                        wrong.add(probe.id() + " answered " + response.statusCode() + " for a failed commit: "
                                + OpenApiContract.abbreviate(response.body()));
                        continue;
                    }
                    OpenApiContract.Operation op = contract.find(probe.method(), probe.path()).orElseThrow();
                    wrong.addAll(contract.check(op, UNAVAILABLE,
                            response.headers().firstValue("Content-Type").orElse(null), response.body()));
                    if (!"5".equals(response.headers().firstValue("Retry-After").orElse(null))) {
                        wrong.add(probe.id() + " 503 without Retry-After: 5");
                    }
                }
            } finally {
                for (String table : List.of("lk_vault_credential", "lk_api_key")) {
                    s.execute("DROP TRIGGER IF EXISTS lk_test_break_commit ON " + table);
                }
                s.execute("DROP FUNCTION IF EXISTS lk_test_break_commit()");
            }
            try (var rows = s.executeQuery("SELECT (SELECT COUNT(*) FROM lk_vault_credential v JOIN user_entity u"
                    + " ON u.id = v.user_id JOIN realm r ON r.id = u.realm_id WHERE r.name = 'latchkey'"
                    + " AND u.username = 'demo' AND v.service_name = '" + service + "'),"
                    + " (SELECT COUNT(*) FROM lk_api_key WHERE id = '" + keyId + "' AND revoked_at IS NULL"
                    + " AND active = true)")) {
                rows.next();
                assertEquals(0, rows.getInt(1), "the vault write whose commit failed was stored");
                assertEquals(1, rows.getInt(2), "the revocation whose commit failed was stored");
            }
        }
        assertEquals(List.of(), wrong);
        // The database commits again: the same writes succeed (the pool replaced the connections that were ended).
        assertEquals(201, writes.get(0).send(base).statusCode());
        assertEquals(200, writes.get(1).send(base).statusCode());
        System.out.println("Broken commit: " + writes.size() + " writes answered 503 as documented and stored nothing;"
                + " both succeeded afterwards");
    }

    /** The test database closed to connections, the server's open ones ended; reopened on close. */
    private static final class Outage implements AutoCloseable {

        private final Connection control;
        private final String database;

        private Outage(Connection control, String database) {
            this.control = control;
            this.database = database;
        }

        static boolean available() {
            return url() != null && url().startsWith("jdbc:postgresql:");
        }

        static Outage begin() throws SQLException {
            String url = url();
            int slash = url.lastIndexOf('/');
            String database = url.substring(slash + 1).split("\\?")[0];
            // Held on the maintenance database: the test database will refuse this test too.
            Connection control = DriverManager.getConnection(url.substring(0, slash + 1) + "postgres",
                    setting("user"), setting("password"));
            try (Statement s = control.createStatement()) {
                s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false");
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "'");
            } catch (SQLException e) {
                control.close();
                throw e;
            }
            return new Outage(control, database);
        }

        @Override
        public void close() throws SQLException {
            try (Statement s = control.createStatement()) {
                s.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
            } finally {
                control.close();
            }
        }

        /** A connection to the server's own database, as the server's user. */
        static Connection testDatabase() throws SQLException {
            return DriverManager.getConnection(url(), setting("user"), setting("password"));
        }

        private static String url() {
            return setting("url");
        }

        private static String setting(String name) {
            String value = System.getProperty("kc.test.database." + name);
            return value != null ? value : System.getenv("KC_TEST_DATABASE_" + name.toUpperCase(Locale.ROOT));
        }
    }
}
