package io.latchkey.registration.profile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainUsernameTest {

    @ParameterizedTest
    @ValueSource(strings = {"johndoe", "john.doe", "john_doe-2", "jöhn", "žofie", "渡辺", "mañana"})
    void plainUsernamesPass(String username) {
        assertNull(PlainUsername.problem(username), username);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\uff41\uff44\uff4d\uff49\uff4e",  // full-width admin
        "abc\u202edcba",                   // right-to-left override
        "ad\u200bmin",                     // zero-width space
        "ad\u200dmin",                     // zero-width joiner
        "\ufb01le",                         // the fi ligature
        "admin\u0000",                     // NUL
        "x\u2028y",                        // line separator
        "\ue000root",                      // private use
        "a\u0301dmin"                      // combining accent: NFKC composes it, so it is not plain
    })
    void misleadingUsernamesAreRefusedInWords(String username) {
        assertNotNull(PlainUsername.problem(username), username);
    }
}
