package io.latchkey.discogs.oob;

import java.util.HashMap;
import java.util.Map;

import io.latchkey.discogs.oauth.TokenPair;

/**
 * One out-of-band (PIN) connection in progress: whose it is, which provider, the request token Discogs issued, when
 * it expires and how many verifiers were tried. Stored as plain string notes, never Java serialization.
 */
public record OobState(String userId, String alias, TokenPair requestToken, long expiresAtMillis, int attempts,
        boolean used) {

    private static final String USER = "user";
    private static final String ALIAS = "alias";
    private static final String TOKEN = "request_token";
    private static final String SECRET = "request_token_secret";
    private static final String EXPIRES = "expires_at";
    private static final String ATTEMPTS = "attempts";
    private static final String USED = "used";

    Map<String, String> toNotes() {
        Map<String, String> notes = new HashMap<>();
        notes.put(USER, userId);
        notes.put(ALIAS, alias);
        notes.put(EXPIRES, Long.toString(expiresAtMillis));
        notes.put(ATTEMPTS, Integer.toString(attempts));
        if (used) {
            // A used state keeps only who used it: the request token is spent and its secret is dropped.
            notes.put(USED, "true");
        } else {
            notes.put(TOKEN, requestToken.token());
            notes.put(SECRET, requestToken.secret());
        }
        return notes;
    }

    static OobState fromNotes(Map<String, String> notes) {
        boolean used = "true".equals(notes.get(USED));
        TokenPair token = used || notes.get(TOKEN) == null || notes.get(SECRET) == null ? null
                : new TokenPair(notes.get(TOKEN), notes.get(SECRET));
        return new OobState(notes.get(USER), notes.get(ALIAS), token, parseLong(notes.get(EXPIRES)),
                (int) parseLong(notes.get(ATTEMPTS)), used || token == null);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    OobState withAttempts(int attempts) {
        return new OobState(userId, alias, requestToken, expiresAtMillis, attempts, used);
    }

    OobState spent() {
        return new OobState(userId, alias, null, expiresAtMillis, attempts, true);
    }

    @Override
    public String toString() {
        return "OobState[userId=" + userId + ", alias=" + alias + ", expiresAtMillis=" + expiresAtMillis
                + ", attempts=" + attempts + ", used=" + used + "]";
    }
}
