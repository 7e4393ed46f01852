package io.latchkey.testsupport;

import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a JWT's claims for assertions. Signature checks are the server's business in these tests. */
public final class Jwt {

    private Jwt() {
    }

    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("Not a JWS compact serialization: " + jwt);
        }
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
