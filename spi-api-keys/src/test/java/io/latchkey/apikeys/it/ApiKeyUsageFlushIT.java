package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * A usage flush the database refuses is kept and written by a later flush, never dropped and never written twice.
 * The refusal is real: the test adds a CHECK constraint that the rows already meet and that the flush's
 * {@code usage_count = usage_count + n} breaks for one key, so every flush that carries that key fails in the
 * database (on H2 and on PostgreSQL, where a failed statement aborts the whole transaction). Once the constraint is
 * dropped, the count must be the old one plus exactly the number of verifies.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyUsageFlushIT {

    private static final String CONSTRAINT = "LK_IT_USAGE_FROZEN";
    private static final String REFUSED = "Could not record the use of";
    private static final int VERIFIES = 7;

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @AfterEach
    void dropTheConstraint() throws SQLException {
        TestDatabaseSql.update("ALTER TABLE LK_API_KEY DROP CONSTRAINT IF EXISTS " + CONSTRAINT);
    }

    @Test
    void aRefusedFlushIsRetriedUntilTheDatabaseTakesItAndCountsEachUseOnce() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        JsonNode created = keys.created(alice, "{\"name\": \"flush refused\", \"roles\": [\"reader\"]}");
        String id = created.get("id").asText();
        String key = created.get("key").asText();
        ApiKeys.expect(200, keys.verify(key));
        ApiKeyLifecycleIT.waitUntil(() -> usageCount(id) == 1);
        long lastUsedBefore = lastUsedAt(id);

        // Every row meets it now; the next flush that adds to this key's count does not.
        TestDatabaseSql.update("ALTER TABLE LK_API_KEY ADD CONSTRAINT " + CONSTRAINT + " CHECK (ID <> '" + id
                + "' OR USAGE_COUNT <= 1)");
        long logMark = Files.size(ApiKeysServerConfig.SQL_LOG);
        long firstVerify = System.currentTimeMillis();
        long lastVerifyStart = 0;
        for (int i = 0; i < VERIFIES; i++) {
            lastVerifyStart = System.currentTimeMillis();
            ApiKeys.expect(200, keys.verify(key));
        }
        long lastVerifyEnd = System.currentTimeMillis();

        // Two refused flushes: the batch the first one put back was carried by the second.
        ApiKeyLifecycleIT.waitUntil(() -> refusals(logMark).size() >= 2);
        assertTrue(refusals(logMark).stream().allMatch(line -> line.toUpperCase(Locale.ROOT).contains(CONSTRAINT)),
                "refused by the test's constraint: " + refusals(logMark));
        assertEquals(1, usageCount(id), "nothing written while the database refuses");
        assertEquals(lastUsedBefore, lastUsedAt(id), "the last use is written with the count, in one transaction");

        TestDatabaseSql.update("ALTER TABLE LK_API_KEY DROP CONSTRAINT " + CONSTRAINT);
        ApiKeyLifecycleIT.waitUntil(() -> usageCount(id) >= 1 + VERIFIES);
        // A few more flush intervals: a batch written twice would show up as more than the verifies.
        Thread.sleep(5 * ApiKeysServerConfig.USAGE_FLUSH_MILLIS);

        assertEquals(1 + VERIFIES, usageCount(id), "each verify counted once");
        long lastUsed = lastUsedAt(id);
        assertTrue(lastUsed >= lastVerifyStart && lastUsed <= lastVerifyEnd, "the last use is the last verify's: "
                + lastUsed + " not in [" + lastVerifyStart + ", " + lastVerifyEnd + "]");
        assertTrue(lastUsed >= firstVerify);
    }

    private static long usageCount(String id) {
        return column("USAGE_COUNT", id);
    }

    private static long lastUsedAt(String id) {
        return column("LAST_USED_AT", id);
    }

    private static long column(String column, String id) {
        try {
            return TestDatabaseSql.count("SELECT " + column + " FROM LK_API_KEY WHERE ID = ?", id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's log lines since {@code mark} that say a usage flush was refused and kept. */
    private static List<String> refusals(long mark) {
        try {
            byte[] log = Files.readAllBytes(ApiKeysServerConfig.SQL_LOG);
            int from = (int) Math.min(mark, log.length);
            return new String(log, from, log.length - from, StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(REFUSED)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
