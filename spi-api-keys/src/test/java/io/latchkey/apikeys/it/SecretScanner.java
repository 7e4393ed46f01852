package io.latchkey.apikeys.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.testsupport.Http;

/**
 * A secret scanner as GitHub's partner program runs one, for the tests: its own ECDSA P-256 key pair, the settings
 * body that lists its public key in a realm, and reports signed over their exact bytes.
 */
final class SecretScanner {

    static final String TYPE = "latchkey_api_key";

    final String keyId;
    final KeyPair keys;

    SecretScanner(String keyId) {
        this.keyId = keyId;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API-key settings body that lists this scanner's public key, as GitHub publishes its keys. */
    String settings() {
        ObjectNode settings = Http.JSON.createObjectNode();
        settings.putArray("secret_scanning_public_keys").addObject().put("key_identifier", keyId)
                .put("key", pem()).put("is_current", true);
        return settings.toString();
    }

    String pem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** Base64 of the DER ECDSA signature (SHA-256) over {@code body}. */
    String sign(byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report of {@code tokens}, each found at {@code url} in a file's content. */
    static byte[] report(List<String> tokens, String url) {
        ArrayNode report = Http.JSON.createArrayNode();
        for (String token : tokens) {
            report.addObject().put("token", token).put("type", TYPE).put("url", url).put("source", "content");
        }
        return report.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** POSTs {@code body} to {@code url} with the given headers; a null header or content type is not sent. */
    static HttpResponse<String> post(String url, byte[] body, String keyId, String signature, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request.header("Github-Public-Key-Signature", signature);
        }
        return Http.send(request.build());
    }
}
