package io.latchkey.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundle's one bearer parser, used for access tokens and API keys (verify included). */
class BearerAuthTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "'Bearer abc.def.ghi', abc.def.ghi",
            "'Bearer sk_live_abc', sk_live_abc",
            "'Bearer pe-abc', pe-abc",
            "'bearer abc', abc",
            "'BEARER abc', abc",
            "'Bearer  abc', NULL",
            "'Bearer abc ', NULL",
            "'Bearer', NULL",
            "'Bearer ', NULL",
            "'Basic dXNlcjpwdw==', NULL",
            "'Basic sk_live_abc', NULL",
            "'sk_live_abc', NULL",
            "'Bearer a b', NULL",
            "' Bearer abc', NULL",
            "'Bearerabc', NULL",
            "'Bearer\tabc', NULL",
            "'Bearer sk_live_ab\u00e9', NULL",
            "'Bearer sk_live_ab\tc', NULL",
    })
    void theCredentialIsTheOneVisibleAsciiTokenAfterTheSchemeAndOneSpace(String header, String expected) {
        assertEquals(expected, BearerAuth.credential(header));
    }
}
