package io.latchkey.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a JWT's claims for assertions, and checks an RS256 signature against a realm's JWKS as an app would. */
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code jwt} is RS256-signed by the key its header's {@code kid} names in {@code jwks} (the JSON of the
     * realm's {@code /protocol/openid-connect/certs}).
     */
    public static boolean signatureValid(String jwt, JsonNode jwks) {
        String[] parts = jwt.split("\\.");
        try {
            JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            if (!"RS256".equals(header.path("alg").asText())) {
                return false;
            }
            for (JsonNode key : jwks.get("keys")) {
                if (key.path("kid").asText().equals(header.path("kid").asText()) && "RSA".equals(key.path("kty").asText())) {
                    Signature rs256 = Signature.getInstance("SHA256withRSA");
                    rs256.initVerify(rsa(key));
                    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
                    return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
                }
            }
            return false;
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError("Cannot check the signature of " + jwt, e);
        }
    }

    private static PublicKey rsa(JsonNode jwk) throws GeneralSecurityException {
        BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
        BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }
}
