package io.latchkey.quota.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.latchkey.quota.messagelog.GroupCommitLog.Fault;

/** Whose fault a failed insert is, read from the SQLSTATE wherever JPA and the driver wrapped it. */
class JpaMessageLogWriterTest {

    private final JpaMessageLogWriter writer = new JpaMessageLogWriter(null);

    @ParameterizedTest(name = "SQLSTATE {0}: {1}")
    @CsvSource({"22001, RECORD", "22021, RECORD", "23505, RECORD", "23514, RECORD", "08006, DATABASE",
            "40001, DATABASE", "57P01, DATABASE", "53300, DATABASE", "HYT00, DATABASE", "42P01, UNKNOWN"})
    void theSqlStateTellsWhoseFaultItIs(String state, Fault fault) {
        assertEquals(fault, writer.classify(wrapped(state)));
    }

    @ParameterizedTest(name = "SQLSTATE {0}: {1}")
    @CsvSource({
            "22001, a value is too long for its column",
            "22021, the database cannot store one of its values (SQLSTATE 22021)",
            "23514, it breaks a rule of the message-log table (SQLSTATE 23514)"})
    void aRefusedRecordsCallerIsToldWhyInWords(String state, String reason) {
        assertEquals(reason, writer.reason(wrapped(state)));
    }

    /** As Hibernate and Keycloak hand it over: the driver's exception a few causes down. */
    private static RuntimeException wrapped(String state) {
        return new PersistenceException("insert failed", new RuntimeException("wrapped",
                new SQLException("refused", state)));
    }

    @ParameterizedTest(name = "a chained SQLSTATE {0} is read too")
    @CsvSource({"22001, RECORD", "08003, DATABASE"})
    void aBatchUpdatesChainedExceptionIsRead(String state, Fault fault) {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0], null);
        batch.setNextException(new SQLException("refused", state));

        assertEquals(fault, writer.classify(new PersistenceException(batch)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"no SQLSTATE at all"})
    void aFailureWithoutSqlStateIsUnknown(String message) {
        RuntimeException failure = new IllegalStateException(message);

        assertEquals(Fault.UNKNOWN, writer.classify(failure));
        assertEquals("the database could not store it", writer.reason(failure));
    }
}
