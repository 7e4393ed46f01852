package io.latchkey.discogs.oob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.latchkey.discogs.oauth.TokenPair;

/** The out-of-band state as plain string notes, as Keycloak's single-use store keeps it. */
class OobStateTest {

    private final OobState state = new OobState("user-1", "discogs", new TokenPair("req-token", "req-secret"),
            1_700_000_000_000L, 2, false);

    @Test
    void notesRoundTrip() {
        assertEquals(state, OobState.fromNotes(state.toNotes()));
    }

    @Test
    void aSpentStateKeepsNoRequestTokenSecret() {
        Map<String, String> notes = state.spent().toNotes();

        assertFalse(notes.containsValue("req-secret"));
        assertFalse(notes.containsValue("req-token"));
        OobState read = OobState.fromNotes(notes);
        assertTrue(read.used());
        assertNull(read.requestToken());
        assertEquals("user-1", read.userId());
    }

    @Test
    void damagedNotesAreTreatedAsUsedNotAsAnError() {
        OobState read = OobState.fromNotes(Map.of("user", "user-1", "expires_at", "soon"));

        assertTrue(read.used());
        assertEquals(0, read.expiresAtMillis());
    }

    @Test
    void attemptsAreCounted() {
        assertEquals(3, OobState.fromNotes(state.withAttempts(3).toNotes()).attempts());
    }

    @Test
    void theSecretNeverReachesALog() {
        assertFalse(state.toString().contains("req-secret"));
        assertFalse(new TokenPair("t", "s3cr3t").toString().contains("s3cr3t"));
    }
}
