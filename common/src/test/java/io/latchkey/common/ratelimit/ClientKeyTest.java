package io.latchkey.common.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientKeyTest {

    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "' 192.0.2.1 ', 192.0.2.1",
        "::ffff:192.0.2.1, 192.0.2.1",
        "::ffff:c000:0201, 192.0.2.1",
        "2001:db8:1:2::1, 2001:db8:1:2::/64",
        "2001:db8:1:2:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
        "2001:0DB8:0001:0002:0000:0000:0000:0001, 2001:db8:1:2::/64",
        "[2001:db8:1:2::1], 2001:db8:1:2::/64",
        "fe80::1%eth0, fe80:0:0:0::/64",
        "::1, 0:0:0:0::/64",
        "unknown, unknown",
        "example.com, example.com",
    })
    void clientKeyIsTheIpv4AddressOrTheIpv6Slash64(String address, String key) {
        assertEquals(key, ClientKey.of(address));
    }

    @ParameterizedTest
    @CsvSource({"2001:db8:1:2::1, 2001:db8:1:3::1", "192.0.2.1, 192.0.2.2", "::ffff:192.0.2.1, 2001:db8::1"})
    void differentNetworksAreDifferentClients(String a, String b) {
        assertNotEquals(ClientKey.of(a), ClientKey.of(b));
    }

    @org.junit.jupiter.api.Test
    void somethingThatIsNotAnAddressIsCutShort() {
        assertEquals(64, ClientKey.of("x".repeat(10_000)).length());
        assertEquals("unknown", ClientKey.of(null));
    }
}
