package io.latchkey.common.rest;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.services.error.KeycloakErrorHandler;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * A database that cannot be reached is a temporary condition, not a server bug: the request answers 503 with
 * {@code Retry-After} instead of Keycloak's 500 "unknown_error", so clients and load balancers retry rather than give
 * up, and nothing was acknowledged. Latchkey's own endpoints (admin ones too) get their usual {@code {"detail"}} body,
 * as the OpenAPI document says of every operation; every other endpoint gets Keycloak's OAuth shape
 * ({@code temporarily_unavailable}, RFC 6749). Every other persistence error goes to Keycloak's own error handler,
 * unchanged.
 */
@Provider
public final class DatabaseUnavailableMapper implements ExceptionMapper<PersistenceException> {

    /** Keycloak's own JPA layer wraps the same failures in a {@link ModelException} ("Database operation failed"). */
    @Provider
    public static final class ModelExceptions implements ExceptionMapper<ModelException> {
        @Override
        public Response toResponse(ModelException exception) {
            return respond(exception);
        }
    }

    public static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);
    /** How Hibernate words a failure to get a connection from the pool, before any statement. */
    private static final String NO_CONNECTION = "Unable to acquire JDBC Connection";
    /** Latchkey's realm and admin resources: /realms/{realm}/{resource}/..., /admin/realms/{realm}/{resource}/... */
    private static final Pattern LATCHKEY_PATH = Pattern.compile(
            "^/?(admin/)?realms/[^/]+/(api-keys|quota|credential-vault|discogs|registration|latchkey-api)(/.*)?$");

    @Override
    public Response toResponse(PersistenceException exception) {
        return respond(exception);
    }

    private static Response respond(RuntimeException exception) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (!isConnectionFailure(exception)) {
            return KeycloakErrorHandler.getResponse(session, exception);
        }
        LOG.warnf("The database cannot be reached; answering 503: %s", rootMessage(exception));
        if (session != null) {
            // As Keycloak's own error handler does: the request's transaction already failed in the database, and a
            // commit at the end of the request would throw again, outside any mapper, and turn this 503 into a 500.
            session.getTransactionManager().setRollbackOnly();
        }
        String path = session == null ? "" : session.getContext().getUri().getPath();
        return unavailable(path, "The database cannot be reached right now; nothing was changed. Try again shortly.");
    }

    /** A 503 with {@code Retry-After}: Latchkey's {@code {"detail"}} body on its own paths, Keycloak's OAuth shape elsewhere. */
    static Response unavailable(String path, String detail) {
        Object body = isLatchkeyPath(path)
                ? Map.of("detail", detail)
                : Map.of("error", "temporarily_unavailable", "error_description", detail);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }

    static boolean isLatchkeyPath(String path) {
        return path != null && LATCHKEY_PATH.matcher(path).matches();
    }

    static String rootCause(Throwable exception) {
        return rootMessage(exception);
    }

    /**
     * An error in the data a request wrote (a value out of range, a broken constraint, a statement the database
     * rejects: SQLSTATE classes 22, 23, 42, 44), found when the transaction is flushed at its commit. Trying again
     * would fail the same way, so it is not a database that cannot be reached.
     */
    static boolean isDataError(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.keycloak.models.ModelDuplicateException
                    || t.getClass().getName().equals("org.hibernate.exception.ConstraintViolationException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && Set.of("22", "23", "42", "44").contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A transaction whose statements all ran could not be ended: the database did not answer its commit (or rollback).
     * Keycloak's JTA wrapper reports that as Narayana's exception wrapped in a plain {@link RuntimeException}, often
     * without the driver's error as a cause, which only Keycloak's catch-all handler would see (500, "unknown_error").
     */
    public static final class TransactionNotEnded extends PersistenceException {
        private static final long serialVersionUID = 1L;

        TransactionNotEnded(RuntimeException cause) {
            super("The database did not end the transaction", cause);
        }
    }

    /**
     * What a job in a transaction of its own ({@code KeycloakModelUtils.runJobInTransaction}) threw, made answerable:
     * when {@code statementsRan}, the failure came from ending the transaction, which only the database can fail, and is
     * answered 503 whatever its cause says; otherwise a lost connection anywhere in the cause chain is answered 503.
     * Anything else comes back as it was.
     */
    public static RuntimeException unavailableOr(RuntimeException exception, boolean statementsRan) {
        if (exception instanceof PersistenceException || exception instanceof ModelException) {
            return exception; // this mapper or Keycloak's sees it as it is
        }
        return statementsRan || isConnectionFailure(exception) ? new TransactionNotEnded(exception) : exception;
    }

    /**
     * A lost or refused connection, by the SQL standard's connection-exception class (SQLSTATE 08xxx, what PostgreSQL's
     * driver reports), a server shutting down or starting up (57P01-57P03) or out of connections (53300), a transient
     * connection failure (the pool gave up waiting), no connection to be had at all, or Hibernate's wrapper for them.
     */
    static boolean isConnectionFailure(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransactionNotEnded) {
                return true;
            }
            // An I/O error under a persistence exception is the database's connection breaking (EOF, reset, refused).
            if (t instanceof SQLTransientConnectionException || t instanceof EOFException || t instanceof SocketException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                    || sql.getSQLState().startsWith("57P") || sql.getSQLState().equals("53300"))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getMessage() != null
                    && sql.getMessage().startsWith("Acquisition timeout")) {
                return true;
            }
            // Hibernate could not get a connection at all, whatever the database's reason (refusing connections, too
            // many clients, a database closed to connections): nothing was read or written.
            if (t.getClass().getName().startsWith("org.hibernate.") && t.getMessage() != null
                    && t.getMessage().startsWith(NO_CONNECTION)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
