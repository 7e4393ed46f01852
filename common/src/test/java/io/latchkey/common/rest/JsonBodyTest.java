package io.latchkey.common.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void oneObjectIsRead() {
        assertEquals("x", JsonBody.object("{\"name\": \"x\"}").get("name").asText());
        assertEquals("x", JsonBody.object(" \n{\"name\": \"x\"}\n ").get("name").asText(), "white space around is fine");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "trailing junk|{\"a\": 1} trailing|400|Request body must be exactly one JSON value; there is more after it.",
        "two objects|{\"a\": 1}{\"a\": 2}|400|Request body must be exactly one JSON value; there is more after it.",
        "an array|[{\"a\": 1}]|400|Request body must be a JSON object",
        "a string|\"a\"|400|Request body must be a JSON object",
        "blank|'   '|400|Request body must be a JSON object",
        "NaN|{\"a\": NaN}|400|",
        "duplicate members|{\"a\": 1, \"a\": 2}|400|",
        "unclosed|{\"a\": 1|400|"
    })
    void badBodiesAreRefusedInWords(String name, String body, int status, String detail) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> JsonBody.object(body));
        assertEquals(status, e.getResponse().getStatus(), name);
        String said = ((Map<?, ?>) e.getResponse().getEntity()).get("detail").toString();
        if (detail != null) {
            assertEquals(detail, said, name);
        } else {
            assertEquals(true, said.startsWith("Malformed JSON: "), name + ": " + said);
        }
    }

    @Test
    void deepNestingIsRefusedBeforeItIsBuilt() {
        String deep = "{\"a\":".repeat(JsonBody.MAX_DEPTH + 1) + "1" + "}".repeat(JsonBody.MAX_DEPTH + 1);
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> JsonBody.object(deep));
        assertEquals(400, e.getResponse().getStatus());
        assertEquals("Request body is nested deeper than 32 levels.",
                ((Map<?, ?>) e.getResponse().getEntity()).get("detail"));
        String fine = "{\"a\":".repeat(JsonBody.MAX_DEPTH - 1) + "1" + "}".repeat(JsonBody.MAX_DEPTH - 1);
        assertEquals(1, JsonBody.object(fine).size());
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"a\": \"" + "é".repeat(JsonBody.MAX_BYTES / 2) + "\"}";
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> JsonBody.object(big));
        assertEquals(413, e.getResponse().getStatus(), "counted in bytes, not characters");
    }
}
