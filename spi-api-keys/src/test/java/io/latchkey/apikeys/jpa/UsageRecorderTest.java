package io.latchkey.apikeys.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSessionFactory;

/** A flush the database refuses keeps its uses for the next one: usage counts are never dropped. */
class UsageRecorderTest {

    /** A session factory whose every session fails, as during a database outage. */
    private static final KeycloakSessionFactory DATABASE_DOWN = (KeycloakSessionFactory) Proxy.newProxyInstance(
            UsageRecorderTest.class.getClassLoader(), new Class<?>[] {KeycloakSessionFactory.class},
            (proxy, method, args) -> {
                throw new IllegalStateException("database unreachable");
            });

    @Test
    void aRefusedFlushKeepsEveryUseAndWhatCameAfter() {
        UsageRecorder recorder = new UsageRecorder();
        recorder.record("b", 2_000, "10.0.0.2");
        recorder.record("a", 1_000, "10.0.0.1");
        recorder.record("a", 3_000, "10.0.0.3");

        assertFalse(recorder.flush(DATABASE_DOWN));
        assertEquals(3, recorder.pendingUses());

        recorder.record("a", 4_000, "10.0.0.4");
        assertFalse(recorder.flush(DATABASE_DOWN));
        assertEquals(4, recorder.pendingUses(), "retried batches merge with later uses, nothing counted twice");
    }

    @Test
    void aRefusedFlushKeepsTheDailyCountsAndWhatCameAfter() {
        UsageRecorder recorder = new UsageRecorder();
        LocalDate today = LocalDate.of(2026, 12, 2);
        recorder.count("a", today, "VALID", 3);
        recorder.count("a", today, "IP_NOT_ALLOWED", 0);
        recorder.count("b", today.minusDays(1), "VALID", 1);

        assertFalse(recorder.flush(DATABASE_DOWN));
        assertEquals(3, recorder.pendingPresentations());
        assertEquals(0, recorder.pendingUses(), "a refusal or a counted verify is not a last use");

        recorder.count("a", today, "VALID", 2);
        assertFalse(recorder.flush(DATABASE_DOWN));
        assertEquals(4, recorder.pendingPresentations(), "retried counts merge with later ones, none twice");
    }
}
