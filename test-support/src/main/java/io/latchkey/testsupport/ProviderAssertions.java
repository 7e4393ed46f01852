package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.keycloak.admin.client.Keycloak;

/** Asserts that the live server loaded a Latchkey provider from the jar this build produced. */
public final class ProviderAssertions {

    private ProviderAssertions() {
    }

    public static void assertLoaded(Keycloak admin, String spi, String providerId, String module) {
        Map<String, String> info = ServerInfo.operationalInfo(admin, spi, providerId)
                .orElseThrow(() -> new AssertionError(spi + "/" + providerId + " is not in the server info"));
        assertEquals("Latchkey", info.get("bundle"), info.toString());
        assertEquals(module, info.get("module"), info.toString());
        assertEquals(System.getProperty("latchkey.version"), info.get("version"), info.toString());
    }
}
