package io.latchkey.apikeys.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

class SecretScanningKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BODY = "[{\"token\":\"sk_live_x\",\"type\":\"t\",\"url\":\"u\",\"source\":\"content\"}]"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aReportSignedByAListedKeyVerifiesAndNothingElseDoes() throws Exception {
        KeyPair current = ecKeyPair("secp256r1");
        KeyPair old = ecKeyPair("secp256r1");
        SecretScanningKeys keys = SecretScanningKeys.parse(list(entry("new", current.getPublic(), true),
                entry("old", old.getPublic(), false)));

        assertEquals(SecretScanningKeys.Check.VALID, keys.check("new", sign(current.getPrivate(), BODY), BODY));
        assertEquals(SecretScanningKeys.Check.VALID, keys.check("old", sign(old.getPrivate(), BODY), BODY),
                "a key that is no longer current still verifies: the scanner may be rotating");
        assertEquals(SecretScanningKeys.Check.BAD_SIGNATURE, keys.check("new", sign(old.getPrivate(), BODY), BODY),
                "signed by the other key");
        byte[] changed = new String(BODY, StandardCharsets.UTF_8).replace("content", "commit")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(SecretScanningKeys.Check.BAD_SIGNATURE, keys.check("new", sign(current.getPrivate(), BODY),
                changed), "the signature of another body");
        assertEquals(SecretScanningKeys.Check.UNKNOWN_KEY, keys.check("other", sign(current.getPrivate(), BODY), BODY));
        assertEquals(SecretScanningKeys.Check.UNKNOWN_KEY, keys.check(null, sign(current.getPrivate(), BODY), BODY));
        assertEquals(SecretScanningKeys.Check.BAD_SIGNATURE, keys.check("new", null, BODY));
        assertEquals(SecretScanningKeys.Check.BAD_SIGNATURE, keys.check("new", "not base64!", BODY));
        assertEquals(SecretScanningKeys.Check.BAD_SIGNATURE, keys.check("new", "AAAA", BODY), "not DER");
    }

    @Test
    void storedKeysReadBackAsGiven() throws Exception {
        KeyPair pair = ecKeyPair("secp256r1");
        ArrayNode given = list(entry("k1", pair.getPublic(), true));
        SecretScanningKeys keys = SecretScanningKeys.parse(given);
        assertEquals(given, keys.toJson());
        SecretScanningKeys read = SecretScanningKeys.fromStored(keys.toStored());
        assertEquals(SecretScanningKeys.Check.VALID, read.check("k1", sign(pair.getPrivate(), BODY), BODY));
        assertTrue(SecretScanningKeys.fromStored("not json").isEmpty(), "a broken attribute takes no reports");
        assertTrue(SecretScanningKeys.parse(JSON.createArrayNode()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a list|{}|Must be a list of at most 20 keys",
        "not an object|[1]|Key 1: must be an object.",
        "unknown member|[{\"key_identifier\": \"a\", \"key\": \"x\", \"extra\": 1}]|Key 1: unknown member 'extra'.",
        "no identifier|[{\"key\": \"x\"}]|Key 1: key_identifier must be a string",
        "blank identifier|[{\"key_identifier\": \" \", \"key\": \"x\"}]|Key 1: key_identifier must be a string",
        "no key|[{\"key_identifier\": \"a\"}]|Key 1: key must be a PEM public key",
        "not PEM|[{\"key_identifier\": \"a\", \"key\": \"abc\"}]|Key 1: key must be a PEM public key (",
        "bad base64|[{\"key_identifier\": \"a\", \"key\": \"-----BEGIN PUBLIC KEY-----\\n!!!\\n-----END PUBLIC KEY-----\"}]|Key 1: key is not valid base64",
        "not a key|[{\"key_identifier\": \"a\", \"key\": \"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"}]|Key 1: key must be an ECDSA P-256 public key.",
        "is_current not boolean|[{\"key_identifier\": \"a\", \"key\": \"x\", \"is_current\": \"yes\"}]|Key 1: is_current must be true or false.",
    })
    void malformedListsAreRefusedInWords(String name, String json, String message) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecretScanningKeys.parse(JSON.readTree(json)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void onlyP256KeysAreAccepted() throws Exception {
        KeyPair p384 = ecKeyPair("secp384r1");
        assertEquals("Key 1: key must be an ECDSA P-256 public key.", assertThrows(IllegalArgumentException.class,
                () -> SecretScanningKeys.parse(list(entry("a", p384.getPublic(), true)))).getMessage());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertEquals("Key 1: key must be an ECDSA P-256 public key.", assertThrows(IllegalArgumentException.class,
                () -> SecretScanningKeys.parse(list(entry("a", rsa.generateKeyPair().getPublic(), true)))).getMessage());
    }

    @Test
    void aKeyListedTwiceIsRefused() throws Exception {
        PublicKey key = ecKeyPair("secp256r1").getPublic();
        assertEquals("Key 2: key_identifier 'a' is listed twice.", assertThrows(IllegalArgumentException.class,
                () -> SecretScanningKeys.parse(list(entry("a", key, true), entry("a", key, false)))).getMessage());
    }

    static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String sign(PrivateKey key, byte[] body) throws GeneralSecurityException {
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(body);
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode entry(String id, PublicKey key, boolean current) {
        return JSON.createObjectNode().put("key_identifier", id).put("key", pem(key)).put("is_current", current);
    }

    private static ArrayNode list(com.fasterxml.jackson.databind.node.ObjectNode... entries) {
        ArrayNode list = JSON.createArrayNode();
        for (var entry : entries) {
            list.add(entry);
        }
        return list;
    }
}
