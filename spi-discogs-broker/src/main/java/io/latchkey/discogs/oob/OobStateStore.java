package io.latchkey.discogs.oob;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

import io.latchkey.discogs.oauth.TokenPair;

/**
 * Out-of-band states in Keycloak's single-use object store, which every node of a cluster shares. An entry outlives
 * its expiry by a grace period and a used entry stays as a tombstone, so a late or replayed verify is told precisely
 * what happened ("expired", "already used") instead of a generic "not found".
 */
public final class OobStateStore {

    /** How long an expired or used state is remembered, to explain a late or repeated verify. */
    static final long GRACE_SECONDS = 300;
    /** Verifiers tried before the state is spent: enough for typos, too few to guess a PIN. */
    public static final int MAX_ATTEMPTS = 5;
    private static final String PREFIX = "latchkey-discogs-oob:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SingleUseObjectProvider store;
    private final RealmModel realm;

    public OobStateStore(KeycloakSession session, RealmModel realm) {
        this.store = session.singleUseObjects();
        this.realm = realm;
    }

    /** @return the new state: 256 random bits, URL-safe */
    public String create(UserModel user, String alias, TokenPair requestToken, int lifespanSeconds) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        long expiresAt = System.currentTimeMillis() + lifespanSeconds * 1000L;
        store.put(key(state), lifespanSeconds + GRACE_SECONDS,
                new OobState(user.getId(), alias, requestToken, expiresAt, 0, false).toNotes());
        return state;
    }

    /** The state as stored, without consuming it; null when unknown (never issued, or long gone). */
    public OobState peek(String state) {
        Map<String, String> notes = store.get(key(state));
        return notes == null ? null : OobState.fromNotes(notes);
    }

    /**
     * Takes the state for one verify attempt. Atomic across the cluster: of two concurrent verifies, one gets it.
     *
     * @return the state, or null when another request took it first
     */
    public OobState take(String state) {
        Map<String, String> notes = store.remove(key(state));
        return notes == null ? null : OobState.fromNotes(notes);
    }

    /** Puts a taken state back for another attempt (Discogs was down, or the PIN was mistyped). */
    public void giveBack(String state, OobState taken) {
        store.put(key(state), remainingSeconds(taken), taken.withAttempts(taken.attempts() + 1).toNotes());
    }

    /** Leaves a tombstone, so a replay is answered "already used". */
    public void markUsed(String state, OobState taken) {
        store.put(key(state), remainingSeconds(taken), taken.spent().toNotes());
    }

    public static boolean isExpired(OobState state) {
        return System.currentTimeMillis() >= state.expiresAtMillis();
    }

    private static long remainingSeconds(OobState state) {
        long remainingMillis = state.expiresAtMillis() - System.currentTimeMillis();
        return Math.max(1, remainingMillis / 1000 + GRACE_SECONDS);
    }

    private String key(String state) {
        return PREFIX + realm.getId() + ":" + state;
    }
}
