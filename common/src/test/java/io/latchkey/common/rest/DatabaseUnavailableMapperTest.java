package io.latchkey.common.rest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

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
    void otherDatabaseErrorsAreNot() {
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new ConstraintViolationException("duplicate",
                new SQLException("duplicate key value", "23505"), "UK_NAME")));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new PersistenceException("no cause")));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(
                new PersistenceException(new SQLException("value too long", "22001"))));
        assertFalse(DatabaseUnavailableMapper.isConnectionFailure(new GenericJDBCException("could not execute"
                + " statement", new SQLException("object not in prerequisite state", "55000"))));
    }
}
