package io.latchkey.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "127.0.0.0/8, 127.0.0.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.168.1.77/24, 192.168.1.200, true",
            "192.168.1.0/24, 192.168.2.1, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "10.1.2.3/31, 10.1.2.2, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::1, ::1, true",
            "127.0.0.0/8, ::1, false",
            "::/0, 127.0.0.1, false",
            "localhost, 127.0.0.1, true",
            "localhost, 127.8.9.10, true",
            "localhost, ::1, true",
            "LocalHost, ::1, true",
            "localhost, 10.0.0.1, false",
            "localhost, ::2, false",
            "localhost, 0.0.0.0, false",
    })
    void containment(String range, String address, boolean expected) throws Exception {
        assertEquals(expected, CidrRange.parse(range).orElseThrow().contains(InetAddress.getByName(address)));
        assertEquals(expected, CidrRange.parse(range).orElseThrow().contains(address), "the literal form agrees");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "", "10.0.0.1.2", "not an address", "10.0.0.1/8"})
    void literalContainmentNeverResolvesOrGuesses(String address) {
        assertFalse(CidrRange.parse("0.0.0.0/0").orElseThrow().contains(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost.", "localhost.example.com", "127.0.0.1.nip.io", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33",
            "1.2.3.4/-1", "1.2.3.4/", "1.2.3.4/8/8", "::1/129", "gggg::1", "1.2.3.4/ab", "999999999999999999999",
            "10.0.0.0/8; DROP TABLE", "::ffff:1.2.3.4/200"})
    void nonLiteralsAndBadPrefixesAreRefused(String value) {
        assertFalse(CidrRange.parse(value).isPresent(), value);
    }

    @ParameterizedTest
    @CsvSource({"192.168.1.77/24, 192.168.1.0/24", "LOCALHOST, localhost", "' localhost ', localhost", "10.9.8.7, 10.9.8.7/32", "2001:db8:0:0:0:0:0:1/32, 2001:db8:0:0:0:0:0:0/32"})
    void canonicalFormIsTheNetwork(String value, String canonical) {
        assertEquals(canonical, CidrRange.parse(value).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", " 127.0.0.1 ", "127.0.0.1/32"})
    void surroundingSpaceIsTolerated(String value) {
        assertTrue(CidrRange.parse(value).isPresent());
    }
}
