package io.latchkey.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BearerAuthTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "'Bearer abc.def.ghi', abc.def.ghi",
            "'bearer abc', abc",
            "'BEARER abc', abc",
            "'Bearer  abc ', abc",
            "'Bearer', NULL",
            "'Bearer ', NULL",
            "'Basic dXNlcjpwdw==', NULL",
            "'Bearer a b', NULL",
            "' Bearer abc', NULL",
            "'Bearerabc', NULL",
    })
    void bearerTokenIsTheSingleTokenAfterTheScheme(String header, String expected) {
        assertEquals(expected, BearerAuth.bearerToken(header));
    }
}
