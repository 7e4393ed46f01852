package io.latchkey.apikeys.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import io.latchkey.apikeys.cache.OwnerVerdicts.OwnerVerdict;

/** The owners' verdicts: kept only while Keycloak's cached user is the one they came from, and no invalidation ran. */
class OwnerVerdictsTest {

    private static final String REALM = "realm-1";
    private final AtomicLong clock = new AtomicLong(1_000_000);
    /** Keycloak's user cache as the verdicts see it: user id → revision of the cached user (absent: not cached). */
    private final Map<String, Long> cached = new HashMap<>();
    private final ToLongFunction<String> revisions = id -> cached.getOrDefault(id, -1L);
    private final OwnerVerdicts verdicts = new OwnerVerdicts(100, 30_000, clock::get);

    private OwnerVerdict load(String ownerId, long revision) {
        long generation = verdicts.generation(ownerId);
        cached.put(ownerId, revision);
        return verdicts.put(REALM, ownerId, true, ownerId + "-name", revision, generation);
    }

    @Test
    void aVerdictIsServedWhileKeycloaksCachedUserIsTheSameRevision() {
        load("u1", 7);
        assertNotNull(verdicts.get(REALM, "u1", revisions));

        cached.put("u1", 8L);
        assertNull(verdicts.get(REALM, "u1", revisions), "an updated cached user ends the verdict");
        assertEquals(0, verdicts.size());

        load("u2", 3);
        cached.remove("u2");
        assertNull(verdicts.get(REALM, "u2", revisions), "an evicted cached user ends the verdict");
    }

    @Test
    void aVerdictIsNotServedForAnotherRealmOrPastItsAge() {
        load("u1", 1);
        assertNull(verdicts.get("realm-2", "u1", revisions));

        load("u1", 1);
        clock.addAndGet(29_999);
        assertNotNull(verdicts.get(REALM, "u1", revisions));
        clock.addAndGet(1);
        assertNull(verdicts.get(REALM, "u1", revisions));
    }

    @Test
    void aUserThatWasNotCachedByKeycloakIsAnsweredButNotKept() {
        long generation = verdicts.generation("u1");
        OwnerVerdict verdict = verdicts.put(REALM, "u1", true, "ann", -1, generation);
        assertTrue(verdict.active());
        assertEquals("ann", verdict.username());
        assertEquals(0, verdicts.size(), "nothing would tell this node that an uncached user changed");
    }

    @Test
    void aVerdictLoadedWhileTheOwnerWasInvalidatedIsNotKept() {
        long generation = verdicts.generation("u1");
        verdicts.userInvalidated("u1");
        cached.put("u1", 1L);
        OwnerVerdict verdict = verdicts.put(REALM, "u1", true, "ann", 1, generation);
        assertNotNull(verdict, "the request that loaded it still gets its answer");
        assertNull(verdicts.get(REALM, "u1", revisions), "but it is not kept");

        generation = verdicts.generation("u1");
        verdicts.realmInvalidated();
        verdicts.put(REALM, "u1", true, "ann", 1, generation);
        assertEquals(0, verdicts.size(), "a realm invalidation during the load also counts");
    }

    @Test
    void keycloaksInvalidationKeysEndTheVerdictsOfTheUsersTheyName() {
        load("u1", 1);
        load("u2", 1);
        load("u3", 1);
        load("u4", 1);

        verdicts.userInvalidated("realm-1.org.member.u2");
        assertNull(verdicts.get(REALM, "u2", revisions), "organization membership of u2");
        verdicts.userInvalidated("u3.idplinks");
        assertNull(verdicts.get(REALM, "u3", revisions), "identity links of u3");
        verdicts.userInvalidated("u4");
        assertNull(verdicts.get(REALM, "u4", revisions), "u4 itself");
        assertNotNull(verdicts.get(REALM, "u1", revisions), "nobody else");

        verdicts.userInvalidated(null);
        verdicts.userInvalidated("...");
        assertNotNull(verdicts.get(REALM, "u1", revisions));

        verdicts.realmInvalidated();
        assertNull(verdicts.get(REALM, "u1", revisions), "a role, group, organization or realm change ends all");
    }

    @Test
    void aFederatedUserIdWithDotsIsDroppedWhole() {
        load("f:ldap.example:jo", 1);
        verdicts.userInvalidated("f:ldap.example:jo");
        assertEquals(0, verdicts.size());
    }

    @Test
    void dropRealmEndsOnlyThatRealmsVerdicts() {
        load("u1", 1);
        long generation = verdicts.generation("u2");
        cached.put("u2", 1L);
        verdicts.put("realm-2", "u2", true, "bo", 1, generation);

        verdicts.dropRealm("realm-2");
        assertNotNull(verdicts.get(REALM, "u1", revisions));
        assertNull(verdicts.get("realm-2", "u2", revisions));
    }

    @Test
    void aRoleIsAskedOfKeycloakOncePerVerdict() {
        OwnerVerdict verdict = load("u1", 1);
        AtomicInteger asked = new AtomicInteger();
        assertTrue(verdict.hasRole("r1", () -> asked.incrementAndGet() > 0));
        assertTrue(verdict.hasRole("r1", () -> asked.incrementAndGet() > 0));
        assertFalse(verdict.hasRole("r2", () -> asked.incrementAndGet() < 0));
        assertEquals(2, asked.get());
    }

    @Test
    void aFullTableStartsOverAndANoEntryTableKeepsNothing() {
        OwnerVerdicts small = new OwnerVerdicts(2, 30_000, clock::get);
        for (String id : new String[] { "a", "b", "c" }) {
            cached.put(id, 1L);
            small.put(REALM, id, true, id, 1, small.generation(id));
        }
        assertEquals(1, small.size());
        assertNotNull(small.get(REALM, "c", revisions));

        OwnerVerdicts none = new OwnerVerdicts(0, 30_000, clock::get);
        none.put(REALM, "a", true, "a", 1, none.generation("a"));
        assertEquals(0, none.size());
    }
}
