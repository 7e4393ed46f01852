package io.latchkey.quota.jpa;

import java.sql.SQLException;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.quota.jpa.entity.MessageLogEntity;
import io.latchkey.quota.messagelog.GroupCommitLog;

/** Writes message-log records to {@code LK_MESSAGE_LOG}, each call in its own Keycloak transaction. */
final class JpaMessageLogWriter implements GroupCommitLog.Writer<MessageLogEntity> {

    private final KeycloakSessionFactory factory;

    JpaMessageLogWriter(KeycloakSessionFactory factory) {
        this.factory = factory;
    }

    @Override
    public void writeAll(List<MessageLogEntity> records) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            records.forEach(em::persist);
            // Here rather than at commit, so the database's refusal surfaces as itself and the transaction rolls back.
            em.flush();
        });
    }

    @Override
    public void writeOne(MessageLogEntity record) {
        writeAll(List.of(record));
    }

    /**
     * By SQLSTATE (SQL standard classes, the same on PostgreSQL, H2, MySQL, MariaDB, Oracle's JDBC driver, SQL Server):
     * 22 (data exception: too long, out of range, bad encoding) and 23 (integrity constraint) are the record's;
     * 08 (connection), 40 (transaction rollback, e.g. deadlock), 53/57/58 (resources, operator, system) and HY (driver
     * timeouts) are the database's. Anything else is told by whether the database answers afterwards.
     */
    @Override
    public GroupCommitLog.Fault classify(RuntimeException failure) {
        String state = sqlState(failure);
        if (state == null || state.length() < 2) {
            return GroupCommitLog.Fault.UNKNOWN;
        }
        return switch (state.substring(0, 2)) {
            case "22", "23" -> GroupCommitLog.Fault.RECORD;
            case "08", "40", "53", "57", "58", "HY" -> GroupCommitLog.Fault.DATABASE;
            default -> GroupCommitLog.Fault.UNKNOWN;
        };
    }

    @Override
    public String reason(RuntimeException failure) {
        String state = sqlState(failure);
        if (state == null) {
            return "the database could not store it";
        }
        if (state.equals("22001")) {
            return "a value is too long for its column";
        }
        if (state.startsWith("23")) {
            return "it breaks a rule of the message-log table (SQLSTATE " + state + ")";
        }
        return "the database cannot store one of its values (SQLSTATE " + state + ")";
    }

    @Override
    public boolean reachable() {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(JpaConnectionProvider.class)
                    .getEntityManager().find(MessageLogEntity.class, "reachability-probe"));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The first SQLSTATE in the cause chain (and in JDBC's chained exceptions). */
    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if (s.getSQLState() != null) {
                        return s.getSQLState();
                    }
                }
            }
        }
        return null;
    }
}
