package io.latchkey.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.keycloak.common.ClientConnection;

class ClientAddressTest {

    /** What Keycloak's connection reports: the parsed address (null if unparsed) and the host as the header had it. */
    private record Connection(String getRemoteAddr, String getRemoteHost) implements ClientConnection {
    }

    @Test
    void theParsedAddressWhenKeycloakHasOne() {
        assertEquals("192.0.2.1", ClientAddress.of(new Connection("192.0.2.1", "192.0.2.1")));
        assertEquals("2001:db8:0:64:0:0:0:1",
                ClientAddress.of(new Connection("2001:db8:0:64:0:0:0:1", "2001:db8:0:64::1")));
    }

    @Test
    void aBracketedIpv6ClientFromAProxyHeaderIsItsAddressNotNobody() {
        assertEquals("2001:db8:0:64:0:0:0:1", ClientAddress.of(new Connection(null, "[2001:db8:0:64::1]")));
        assertEquals("2001:db8:0:65:0:0:0:1", ClientAddress.of(new Connection(null, "[2001:db8:0:65::1]")));
    }

    @Test
    void aNameOrAnythingElseIsNoAddress() {
        assertNull(ClientAddress.of(new Connection(null, "_hidden")));
        assertNull(ClientAddress.of(new Connection(null, "[example.com]")));
        assertNull(ClientAddress.of(new Connection(null, "[::zz]")));
        assertNull(ClientAddress.of(new Connection(null, null)));
    }
}
