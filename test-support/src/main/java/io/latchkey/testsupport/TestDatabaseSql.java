package io.latchkey.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL access to the database the test server runs on, configured by the same settings the test framework uses
 * ({@code kc.test.database.url/user/password} or {@code KC_TEST_DATABASE_URL/USER/PASSWORD}): the H2 file database of
 * the default build, or PostgreSQL in the CI pass.
 */
public final class TestDatabaseSql {

    private TestDatabaseSql() {
    }

    public static Connection connect() throws SQLException {
        String url = setting("url");
        if (url == null) {
            throw new IllegalStateException("No test database URL: set kc.test.database.url or KC_TEST_DATABASE_URL");
        }
        return DriverManager.getConnection(url, setting("user"), setting("password"));
    }

    /** Every value of every column of every row of {@code table}, as text; for scans for plaintext secrets. */
    public static List<String> allValues(String table) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM " + table);
                ResultSet rs = s.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(rs.getString(i));
                }
            }
        }
        return values;
    }

    /** The names of every table of the database's default schema: what "nothing at rest in plaintext" must cover. */
    public static List<String> allTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(); ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%",
                new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    public static long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }

    public static List<List<String>> rows(String sql, Object... params) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String setting(String name) {
        String value = System.getProperty("kc.test.database." + name);
        return value != null ? value : System.getenv("KC_TEST_DATABASE_" + name.toUpperCase(Locale.ROOT));
    }
}
