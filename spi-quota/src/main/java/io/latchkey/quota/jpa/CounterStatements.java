package io.latchkey.quota.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * The SQL of a deduction on {@code LK_QUOTA_COUNTER}, on one JDBC connection whose transaction the caller owns.
 *
 * <p>A charge is one conditional {@code UPDATE}: the database adds the cost only when the row's usage in the current
 * window plus the cost stays within its limit, and restarts the usage when the row's window is older (the lazy refill).
 * Two requests for one row, on one node or two, queue on that row for this one statement only, and the second sees
 * the first's charge. The key's row is charged only when the key has its own limit.
 *
 * <p>A first row is inserted already charged. Where two requests insert it at once, the loser's insert does nothing
 * (PostgreSQL's {@code ON CONFLICT DO NOTHING}) or fails alone with a unique violation (H2 and the other databases
 * Keycloak runs on undo only the failed statement), and the loser reads the winner's row and charges it. Savepoints are
 * not an option: Keycloak's connection pool refuses {@code rollback(Savepoint)} on a connection enlisted in a JTA
 * transaction.
 */
final class CounterStatements {

    /** Enough for a row created, and one used up, by other requests between this one's read and its charge. */
    static final int ATTEMPTS = 5;

    private static final String COLUMNS = "USED, WINDOW_START, LIMIT_OVERRIDE";
    /**
     * Parameters: window start, cost, cost, window start, now, id, window start, cost, plan limit (null for a key:
     * only its own limit admits).
     */
    private static final String CHARGE = "UPDATE LK_QUOTA_COUNTER"
            + " SET USED = CASE WHEN WINDOW_START < ? THEN ? ELSE USED + ? END, WINDOW_START = ?, UPDATED_AT = ?"
            + " WHERE ID = ? AND (CASE WHEN WINDOW_START < ? THEN 0 ELSE USED END) + ? <= COALESCE(LIMIT_OVERRIDE, ?)";
    /** The owner's charge when the key may have its own limit: not taken when it has one (parameter: the key's row). */
    private static final String UNLESS_KEY_LIMIT = " AND NOT EXISTS (SELECT 1 FROM LK_QUOTA_COUNTER K"
            + " WHERE K.ID = ? AND K.LIMIT_OVERRIDE IS NOT NULL)";
    private static final String READ = "SELECT ID, " + COLUMNS + " FROM LK_QUOTA_COUNTER WHERE ID IN (?, ?)";
    private static final String READ_ONE = "SELECT " + COLUMNS + " FROM LK_QUOTA_COUNTER WHERE ID = ?";
    private static final String INSERT = "INSERT INTO LK_QUOTA_COUNTER (ID, REALM_ID, SUBJECT_TYPE, SUBJECT_ID,"
            + " QUOTA_NAME, USED, WINDOW_START, LIMIT_OVERRIDE, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)";

    private CounterStatements() {
    }

    /** A counter row as stored: the usage of the window that starts at {@code windowStart}, and an admin's limit. */
    record Row(long used, long windowStart, Long override) {

        /** The usage that counts in the window starting at {@code window}: none when the row's window is older. */
        long usedIn(long window) {
            return windowStart < window ? 0 : used;
        }
    }

    /**
     * One deduction's input.
     *
     * @param userRow     id of the owner's row ({@link JpaQuotaProvider#id})
     * @param keyRow      id of the key's row; null when the deduction is not through a key
     * @param windowStart epoch millis of the current window's start
     * @param planLimit   the plan's allowance, which the owner's override replaces
     */
    record Charge(String realmId, String userId, String userRow, String keyId, String keyRow, String quota,
            long windowStart, long now, long cost, long planLimit) {
    }

    /**
     * How a deduction ended. Allowed: the rows after the charge ({@code key} null when the key has no limit of its
     * own). Refused: the rows as they were (null when absent), and the caller rolls its transaction back.
     */
    record Outcome(boolean allowed, Row user, Row key) {
    }

    enum Dialect {
        POSTGRESQL, H2, OTHER;

        static Dialect of(Connection connection) throws SQLException {
            return switch (connection.getMetaData().getDatabaseProductName()) {
                case "PostgreSQL" -> POSTGRESQL;
                case "H2" -> H2;
                default -> OTHER;
            };
        }

        /** The charge returning the charged row, where the database can say it in the same statement. */
        String returning(String update) {
            return switch (this) {
                case POSTGRESQL -> update + " RETURNING " + COLUMNS;
                case H2 -> "SELECT " + COLUMNS + " FROM FINAL TABLE (" + update + ")";
                case OTHER -> update;
            };
        }

        /** MySQL refuses a subquery on the table being updated; elsewhere the owner's charge checks the key too. */
        boolean checksKeyInCharge() {
            return this != OTHER;
        }
    }

    /**
     * Deducts {@code charge.cost()} from the owner's row and, when the key has its own limit, from the key's row: both
     * or neither. The usual case (a key without its own limit, an existing row) is one statement.
     */
    static Outcome deduct(Connection connection, Charge charge) throws SQLException {
        Dialect dialect = Dialect.of(connection);
        if (charge.keyRow() == null || dialect.checksKeyInCharge()) {
            Row charged = charge(connection, dialect, charge, charge.userRow(), charge.planLimit(), charge.keyRow());
            if (charged != null) {
                return new Outcome(true, charged, null);
            }
        }
        // Not charged: no row yet, the key has its own limit, or the quota is used up. The rows say which.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, Row> rows = read(connection, charge.userRow(), charge.keyRow());
            Row user = rows.get(charge.userRow());
            Row key = charge.keyRow() == null ? null : rows.get(charge.keyRow());
            if (key != null && key.override() == null) {
                key = null;
            }
            if (!fits(user, charge, charge.planLimit()) || key != null && !fits(key, charge, key.override())) {
                return new Outcome(false, user, key);
            }
            Row charged = user == null ? insert(connection, dialect, charge)
                    : charge(connection, dialect, charge, charge.userRow(), charge.planLimit(), null);
            if (charged == null) {
                continue; // another request created or used the row since the read: read again
            }
            if (key == null) {
                return new Outcome(true, charged, null);
            }
            Row keyCharged = charge(connection, dialect, charge, charge.keyRow(), null, null);
            if (keyCharged != null) {
                return new Outcome(true, charged, keyCharged);
            }
            // The key's limit was reached since the read: refused, and the caller undoes the owner's charge.
            return new Outcome(false, user, read(connection, charge.keyRow(), null).get(charge.keyRow()));
        }
        throw new IllegalStateException("Quota counter " + charge.userRow() + " changed " + ATTEMPTS
                + " times while one deduction read it");
    }

    /**
     * Inserts the subject's row with no usage unless it exists; for admin changes, which then lock and edit it.
     */
    static void create(Connection connection, String id, String realmId, String type, String subjectId, String quota,
            long now) throws SQLException {
        insert(connection, Dialect.of(connection), id, realmId, type, subjectId, quota, 0, 0, now);
    }

    private static boolean fits(Row row, Charge charge, Long limit) {
        Long effective = row != null && row.override() != null ? row.override() : limit;
        return effective != null && (row == null ? 0 : row.usedIn(charge.windowStart())) + charge.cost() <= effective;
    }

    /**
     * The charged row, or null when the row is absent, would exceed its limit, or (with {@code exceptKeyRow}) the key
     * has its own limit.
     */
    private static Row charge(Connection connection, Dialect dialect, Charge charge, String id, Long planLimit,
            String exceptKeyRow) throws SQLException {
        String update = exceptKeyRow == null ? CHARGE : CHARGE + UNLESS_KEY_LIMIT;
        try (PreparedStatement statement = connection.prepareStatement(dialect.returning(update))) {
            long window = charge.windowStart();
            statement.setLong(1, window);
            statement.setLong(2, charge.cost());
            statement.setLong(3, charge.cost());
            statement.setLong(4, window);
            statement.setLong(5, charge.now());
            statement.setString(6, id);
            statement.setLong(7, window);
            statement.setLong(8, charge.cost());
            if (planLimit == null) {
                statement.setNull(9, Types.BIGINT);
            } else {
                statement.setLong(9, planLimit);
            }
            if (exceptKeyRow != null) {
                statement.setString(10, exceptKeyRow);
            }
            if (dialect == Dialect.OTHER) {
                // Read back under the row lock the update took: what this transaction wrote.
                return statement.executeUpdate() == 0 ? null : read(connection, id, null).get(id);
            }
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? row(result, 1) : null;
            }
        }
    }

    /** The owner's first row, already charged; null when another request inserted it first. */
    private static Row insert(Connection connection, Dialect dialect, Charge charge) throws SQLException {
        boolean inserted = insert(connection, dialect, charge.userRow(), charge.realmId(), JpaQuotaProvider.USER,
                charge.userId(), charge.quota(), charge.cost(), charge.windowStart(), charge.now());
        return inserted ? new Row(charge.cost(), charge.windowStart(), null) : null;
    }

    private static boolean insert(Connection connection, Dialect dialect, String id, String realmId, String type,
            String subjectId, String quota, long used, long windowStart, long now) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.setString(2, realmId);
            statement.setString(3, type);
            statement.setString(4, subjectId);
            statement.setString(5, quota);
            statement.setLong(6, used);
            statement.setLong(7, windowStart);
            statement.setLong(8, now);
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // the row's id or its (realm, subject, quota) exists: another request inserted it
            }
            throw e;
        }
    }

    /** The rows of {@code first} and {@code second} (which may be null) that exist, by id. */
    private static Map<String, Row> read(Connection connection, String first, String second) throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(second == null ? READ_ONE : READ)) {
            statement.setString(1, first);
            if (second != null) {
                statement.setString(2, second);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (second == null) {
                        rows.put(first, row(result, 1));
                    } else {
                        rows.put(result.getString(1), row(result, 2));
                    }
                }
            }
        }
        return rows;
    }

    private static Row row(ResultSet result, int firstColumn) throws SQLException {
        long used = result.getLong(firstColumn);
        long windowStart = result.getLong(firstColumn + 1);
        long override = result.getLong(firstColumn + 2);
        return new Row(used, windowStart, result.wasNull() ? null : override);
    }
}
