package io.latchkey.common.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.transaction.xa.XAException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelException;

class DatabaseUnavailableMapperTest {

    @Test
    void lostConnectionsAreTemporary() {
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(
                new JDBCConnectionException("I/O error", new SQLException("An I/O error occurred", "08006"))));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(
                new PersistenceException(new SQLException("Connection refused", "08001"))));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(
                new PersistenceException(new SQLTransientConnectionException("pool exhausted"))));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(new GenericJDBCException(
                "Unable to acquire JDBC Connection", new SQLException("the database system is starting up", "57P03"))));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(new ModelException("Database operation failed",
                new PersistenceException(new SQLException("An I/O error occurred", "08006")))));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(
                new ModelException("Database operation failed", new java.io.EOFException())));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(
                new PersistenceException(new SQLException("Acquisition timeout while waiting for new connection"))));
        // PostgreSQL's answer to a new connection while the database is closed to connections (SQLSTATE 55000).
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(new GenericJDBCException(
                "Unable to acquire JDBC Connection", new SQLException("FATAL: database \"lk\" is not currently"
                        + " accepting connections", "55000"))));
    }

    @Test
    void aCommitLostWithItsConnectionBecomesAnswerable() {
        // Keycloak's JTA wrapper: RuntimeException(RollbackException(XAException(SQLException))) from the resource's commit.
        XAException xa = new XAException(XAException.XAER_RMFAIL);
        xa.initCause(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        RuntimeException commit = new RuntimeException(new Exception("ARJUNA016053: Could not commit transaction", xa));
        RuntimeException answerable = DatabaseUnavailableMapper.unavailableOr(commit, false);
        assertInstanceOf(PersistenceException.class, answerable);
        assertSame(commit, answerable.getCause());
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(answerable));

        // The same without the driver's error in the chain: known to be the commit because the statements had run.
        RuntimeException opaque = new RuntimeException(new Exception("ARJUNA016053: Could not commit transaction"));
        assertSame(opaque, DatabaseUnavailableMapper.unavailableOr(opaque, false));
        assertTrue(DatabaseUnavailableMapper.isConnectionFailure(DatabaseUnavailableMapper.unavailableOr(opaque, true)));

        RuntimeException bug = new IllegalStateException("not the database");
        assertSame(bug, DatabaseUnavailableMapper.unavailableOr(bug, false));
        PersistenceException mapped = new PersistenceException(new SQLException("Connection refused", "08001"));
        assertSame(mapped, DatabaseUnavailableMapper.unavailableOr(mapped, true));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key value", "23505"), "UK_NAME")));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new PersistenceException("no cause")));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(
                new PersistenceException(new SQLException("value too long", "22001"))));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new GenericJDBCException("could not execute"
                + " statement", new SQLException("object not in prerequisite state", "55000"))));
    }

    @Test
    void aCommitRefusedForItsDataIsNotAnOutage() {
        // Flushed at the commit: a duplicate or a value out of range fails again on every retry, unlike a lost connection.
        assertTrue(DatabaseUnavailableMapper.isDataError(new RuntimeException(new PersistenceException(
                new ConstraintViolationException("duplicate", new SQLException("duplicate key value", "23505"),
                        "UK_NAME")))));
        assertTrue(DatabaseUnavailableMapper.isDataError(new RuntimeException(
                new SQLException("value too long for type character varying(36)", "22001"))));
        assertTrue(DatabaseUnavailableMapper.isDataError(
                new org.keycloak.models.ModelDuplicateException("exists")));
        // A commit lost with its connection, or Narayana's bare rollback report, is not.
        assertFalse(DatabaseUnavailableMapper.isDataError(new RuntimeException(new Exception(
                "ARJUNA016053: Could not commit transaction"))));
        assertFalse(DatabaseUnavailableMapper.isDataError(new RuntimeException(new SQLException(
                "terminating connection due to administrator command", "57P01"))));
        assertFalse(DatabaseUnavailableMapper.isDataError(new RuntimeException(new SQLException(
                "could not serialize access", "40001"))));
    }

    @Test
    void latchkeyPathsAreTheModulesOwn() {
        assertTrue(DatabaseUnavailableMapper.isLatchkeyPath("/realms/latchkey/credential-vault/credentials"));
        assertTrue(DatabaseUnavailableMapper.isLatchkeyPath("admin/realms/x/api-keys/keys/1/revoke"));
        assertFalse(DatabaseUnavailableMapper.isLatchkeyPath("/realms/latchkey/protocol/openid-connect/token"));
        assertFalse(DatabaseUnavailableMapper.isLatchkeyPath("/admin/realms/latchkey/users"));
        assertFalse(DatabaseUnavailableMapper.isLatchkeyPath(null));
    }
}
