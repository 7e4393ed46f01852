package io.latchkey.common.rest;

import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.ext.Provider;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Latchkey's operations commit the request's transaction before their answer leaves, where a failed commit can still
 * change the answer. Keycloak commits it last, in its own session-closing filter, and a commit the database breaks
 * there (the connection lost between the last statement and the commit) reaches only Keycloak's catch-all handler:
 * a 500 "unknown_error" in place of the 2xx the operation had prepared. Here the same failure answers 503 with
 * {@code Retry-After}, as every operation documents for a database that cannot be reached, and the client knows to
 * try again. A commit refused for the data it carries (a broken constraint) is thrown on, to the handler it always
 * reached.
 *
 * <p>Response filters run from the highest priority to the lowest: at 2 this one runs after every other filter and
 * just before Keycloak's session-closing filter (priority 1), which then finds the transaction ended and has nothing
 * left to commit. Streamed answers are left to that filter: they read the database while they are written.
 */
@Provider
@Priority(2)
public final class CommitBeforeAnswerFilter implements ContainerResponseFilter {

    private static final Logger LOG = Logger.getLogger(CommitBeforeAnswerFilter.class);
    static final String DETAIL = "The database did not confirm this change, so it may not have been saved. Try again"
            + " shortly.";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object entity = response.getEntity();
        if (entity instanceof Stream || entity instanceof StreamingOutput) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || !DatabaseUnavailableMapper.isLatchkeyPath(request.getUriInfo().getPath())) {
            return;
        }
        KeycloakTransactionManager transaction = session.getTransactionManager();
        if (!transaction.isActive() || transaction.getRollbackOnly()) {
            return; // ended already, or to be rolled back by the session-closing filter
        }
        try {
            transaction.commit();
        } catch (RuntimeException e) {
            if (DatabaseUnavailableMapper.isDataError(e)) {
                throw e;
            }
            LOG.warnf("The database did not confirm the commit of %s %s; answering 503: %s", request.getMethod(),
                    request.getUriInfo().getPath(), DatabaseUnavailableMapper.rootCause(e));
            Response unavailable = DatabaseUnavailableMapper.unavailable(request.getUriInfo().getPath(), DETAIL);
            response.setStatus(unavailable.getStatus());
            response.getHeaders().clear();
            response.getHeaders().putAll(unavailable.getHeaders());
            response.setEntity(unavailable.getEntity(), null, jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
