package io.latchkey.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How many SQL statements the server has run against a table, from H2's query statistics: proof that a code path
 * never touched the database. H2 only (the default test database); PostgreSQL reports table scans asynchronously,
 * so {@link #available()} is false there and callers skip the check.
 */
public final class TableReads {

    private TableReads() {
    }

    public static boolean available() {
        String url = System.getProperty("kc.test.database.url", System.getenv("KC_TEST_DATABASE_URL"));
        return url != null && url.startsWith("jdbc:h2:");
    }

    /** Switches H2's statistics on for the whole database (idempotent); call before the baseline. */
    public static void enable() throws SQLException {
        try (Connection c = TestDatabaseSql.connect(); Statement s = c.createStatement()) {
            s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
            s.execute("SET QUERY_STATISTICS TRUE");
        }
    }

    /**
     * Executions so far of every statement that names {@code table} as a whole name (LK_API_KEY is not
     * LK_API_KEY_CHANGE, which the change-feed poller reads twice a second), excluding this class's own query.
     */
    public static long statementsOn(String table) throws SQLException {
        try (Connection c = TestDatabaseSql.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM"
                        + " INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            long total = 0;
            Pattern needle = Pattern.compile("(?<![A-Z0-9_])" + Pattern.quote(table.toUpperCase(Locale.ROOT))
                    + "(?![A-Z0-9_])");
            while (rs.next()) {
                String sql = rs.getString(1).toUpperCase(Locale.ROOT);
                if (needle.matcher(sql).find() && !sql.contains("INFORMATION_SCHEMA")) {
                    total += rs.getLong(2);
                }
            }
            return total;
        }
    }
}
