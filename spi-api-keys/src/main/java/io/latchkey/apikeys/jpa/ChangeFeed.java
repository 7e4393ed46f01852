package io.latchkey.apikeys.jpa;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

import io.latchkey.apikeys.cluster.ApiKeyCacheInvalidation;
import io.latchkey.apikeys.cluster.ChangeFeedCursor;
import io.latchkey.apikeys.jpa.entity.ApiKeyChangeCounterEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyChangeEntity;

/**
 * The database side of the change feed ({@code LK_API_KEY_CHANGE}): written in the transaction of each change, read by
 * every node's {@link ChangeFeedPoller}.
 *
 * <p>One writer per session collects the request's changes and writes them when its transaction prepares to commit:
 * the counter row is locked from then until the commit, a few milliseconds, instead of for the rest of the request.
 */
final class ChangeFeed {

    private final KeycloakSession session;
    private final List<ApiKeyCacheInvalidation> pending = new ArrayList<>();

    ChangeFeed(KeycloakSession session) {
        this.session = session;
    }

    /** Writes {@code change} to the feed with the session's transaction, or not at all if it rolls back. */
    void record(ApiKeyCacheInvalidation change) {
        if (pending.isEmpty()) {
            session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    write(em(session), pending, System.currentTimeMillis());
                    pending.clear();
                }

                @Override
                protected void rollbackImpl() {
                    pending.clear();
                }
            });
        }
        pending.add(change);
    }

    /**
     * Takes the next {@code changes.size()} numbers and writes one row each. The counter's UPDATE keeps its row
     * locked until this transaction ends: a concurrent change waits here and so commits, with higher numbers, after
     * this one. That is what lets a poll trust that everything up to the counter it reads is committed.
     */
    static void write(EntityManager em, List<ApiKeyCacheInvalidation> changes, long now) {
        if (changes.isEmpty()) {
            return;
        }
        int updated = em.createNamedQuery("lkApiKeyChangeCounterAdd").setParameter("count", (long) changes.size())
                .setParameter("id", ApiKeyChangeCounterEntity.ID).executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("The API-key change counter row is missing from LK_API_KEY_CHANGE_COUNTER");
        }
        long seq = counter(em) - changes.size();
        for (ApiKeyCacheInvalidation change : changes) {
            ApiKeyChangeEntity row = new ApiKeyChangeEntity();
            row.setSeq(++seq);
            row.setRealmId(change.realmId());
            row.setScope(change.scope());
            row.setSubject(change.subject());
            row.setCreatedAt(now);
            em.persist(row);
        }
        em.flush();
    }

    /** The number of the last committed change (this transaction's own, once it has written). */
    static long counter(EntityManager em) {
        return em.createNamedQuery("lkApiKeyChangeCounterRead", Long.class)
                .setParameter("id", ApiKeyChangeCounterEntity.ID).getSingleResult();
    }

    /** The rows numbered after {@code after} up to {@code upTo}. */
    static List<ChangeFeedCursor.Change> read(EntityManager em, long after, long upTo) {
        return em.createNamedQuery("lkApiKeyChangesBetween", ApiKeyChangeEntity.class).setParameter("after", after)
                .setParameter("upTo", upTo).getResultStream()
                .map(row -> new ChangeFeedCursor.Change(row.getSeq(),
                        ApiKeyCacheInvalidation.of(row.getRealmId(), row.getScope(), row.getSubject())))
                .toList();
    }

    /** Deletes rows written before {@code before} (epoch millis); returns how many. */
    static int prune(EntityManager em, long before) {
        return em.createNamedQuery("lkApiKeyChangesPrune").setParameter("before", before).executeUpdate();
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
    }
}
