package io.latchkey.apikeys.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verify endpoint takes exactly {@code Bearer <key>}: seed 004 calls anything else a wrong format. */
class StrictBearerTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "'Bearer sk_live_abc', sk_live_abc",
            "'Bearer pe-abc', pe-abc",
            "'bearer sk_live_abc', NULL",
            "'BEARER sk_live_abc', NULL",
            "'Bearer  sk_live_abc', NULL",
            "'Bearer sk_live_abc ', NULL",
            "'Bearer sk_live abc', NULL",
            "'Bearer ', NULL",
            "'Bearer', NULL",
            "'Basic sk_live_abc', NULL",
            "'sk_live_abc', NULL",
            "'Bearer sk_live_ab\u00e9', NULL",
            "'Bearer sk_live_ab\tc', NULL",
    })
    void onlyTheExactSchemeAndOneAsciiTokenCount(String header, String expected) {
        assertEquals(expected, ApiKeysResource.strictBearer(header));
    }
}
