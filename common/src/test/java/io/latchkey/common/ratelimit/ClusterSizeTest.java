package io.latchkey.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

class ClusterSizeTest {

    @Test
    void withoutARequestSessionTheNodeCountsAlone() {
        assertEquals(1, new ClusterSize().getAsInt());
    }

    @Test
    void firstRequestReadsTheViewAndLaterOnesWithinTenSecondsDoNot() {
        AtomicInteger lookups = new AtomicInteger();
        KeycloakSession session = (KeycloakSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProvider")) {
                        lookups.incrementAndGet();
                    }
                    return null;
                });
        KeycloakSession before = KeycloakSessionUtil.setKeycloakSession(session);
        try {
            ClusterSize size = new ClusterSize();
            assertEquals(1, size.getAsInt(), "no Infinispan here: not clustered");
            assertEquals(1, size.getAsInt());
            assertEquals(1, lookups.get(), "the view is read once, not on every request");
        } finally {
            KeycloakSessionUtil.setKeycloakSession(before);
        }
    }
}
