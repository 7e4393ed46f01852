package io.latchkey.apikeys.leak;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The public keys a secret scanner signs its leak reports with, in GitHub's own format (the {@code public_keys} of
 * {@code https://api.github.com/meta/public_keys/secret_scanning}): {@code key_identifier}, {@code key} (a PEM
 * "PUBLIC KEY" of an ECDSA P-256 key) and {@code is_current}. A report is authentic when its signature, base64 of a
 * DER-encoded ECDSA signature with SHA-256 over the exact request bytes, verifies under the key it names. Any listed key
 * verifies, current or not: the scanner may still sign with the old key while it rotates.
 */
public final class SecretScanningKeys {

    /** More would be a mistake: GitHub publishes two or three at a time. */
    public static final int MAX_KEYS = 20;
    static final int MAX_IDENTIFIER = 256;
    static final int MAX_PEM = 4096;
    private static final String P256_ORDER =
            "115792089210356248762697446949407573529996955224135760342422259061068512044369";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final SecretScanningKeys NONE = new SecretScanningKeys(List.of());

    /** One configured key, as given, with its parsed public key. */
    public record Entry(String keyIdentifier, String pem, boolean current, PublicKey publicKey) {
    }

    /** Whether a report is authentic, and if not, why. */
    public enum Check {
        VALID, UNKNOWN_KEY, BAD_SIGNATURE
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byIdentifier = new LinkedHashMap<>();

    private SecretScanningKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        entries.forEach(entry -> byIdentifier.put(entry.keyIdentifier(), entry));
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The keys of a JSON array in GitHub's format.
     *
     * @throws IllegalArgumentException with a sentence naming the offending entry
     */
    public static SecretScanningKeys parse(JsonNode list) {
        if (list == null || list.isNull()) {
            return NONE;
        }
        if (!list.isArray() || list.size() > MAX_KEYS) {
            throw new IllegalArgumentException("Must be a list of at most " + MAX_KEYS + " keys, each {\"key_identifier\","
                    + " \"key\", \"is_current\"} as GitHub publishes them.");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String where = "Key " + (i + 1) + ": ";
            if (!item.isObject()) {
                throw new IllegalArgumentException(where + "must be an object.");
            }
            item.fieldNames().forEachRemaining(name -> {
                if (!List.of("key_identifier", "key", "is_current").contains(name)) {
                    throw new IllegalArgumentException(where + "unknown member '" + name + "'.");
                }
            });
            JsonNode identifier = item.get("key_identifier");
            JsonNode pem = item.get("key");
            JsonNode current = item.get("is_current");
            if (identifier == null || !identifier.isTextual() || identifier.textValue().isBlank()
                    || identifier.textValue().length() > MAX_IDENTIFIER) {
                throw new IllegalArgumentException(where + "key_identifier must be a string of 1 to " + MAX_IDENTIFIER
                        + " characters.");
            }
            if (pem == null || !pem.isTextual() || pem.textValue().length() > MAX_PEM) {
                throw new IllegalArgumentException(where + "key must be a PEM public key of at most " + MAX_PEM
                        + " characters.");
            }
            if (current != null && !current.isBoolean()) {
                throw new IllegalArgumentException(where + "is_current must be true or false.");
            }
            if (entries.stream().anyMatch(e -> e.keyIdentifier().equals(identifier.textValue()))) {
                throw new IllegalArgumentException(where + "key_identifier '" + identifier.textValue()
                        + "' is listed twice.");
            }
            entries.add(new Entry(identifier.textValue(), pem.textValue(), current != null && current.booleanValue(),
                    publicKey(pem.textValue(), where)));
        }
        return new SecretScanningKeys(entries);
    }

    /** The keys stored as a JSON string (a realm attribute); a value that no longer parses counts as no keys. */
    public static SecretScanningKeys fromStored(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        try {
            return parse(JSON.readTree(stored));
        } catch (Exception e) {
            // A hand-edited attribute: refuse every report rather than failing with a 500.
            return NONE;
        }
    }

    /** The keys as GitHub lists them, without the parsed keys. */
    public ArrayNode toJson() {
        ArrayNode list = JSON.createArrayNode();
        for (Entry entry : entries) {
            ObjectNode item = list.addObject();
            item.put("key_identifier", entry.keyIdentifier()).put("key", entry.pem()).put("is_current", entry.current());
        }
        return list;
    }

    /** {@link #toJson()} as a string, to store; null when there are no keys. */
    public String toStored() {
        return entries.isEmpty() ? null : toJson().toString();
    }

    /** Whether {@code signature} (base64 DER) over {@code body} verifies under the key {@code keyIdentifier} names. */
    public Check check(String keyIdentifier, String signature, byte[] body) {
        Entry entry = keyIdentifier == null ? null : byIdentifier.get(keyIdentifier.trim());
        if (entry == null) {
            return Check.UNKNOWN_KEY;
        }
        if (signature == null) {
            return Check.BAD_SIGNATURE;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(entry.publicKey());
            verifier.update(body);
            return verifier.verify(Base64.getDecoder().decode(signature.trim())) ? Check.VALID : Check.BAD_SIGNATURE;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // Not base64, or not a DER signature: as false as a signature that does not match.
            return Check.BAD_SIGNATURE;
        }
    }

    private static PublicKey publicKey(String pem, String where) {
        String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || base64.isEmpty()) {
            throw new IllegalArgumentException(where + "key must be a PEM public key (-----BEGIN PUBLIC KEY-----).");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII))));
            if (!(key instanceof ECPublicKey ec) || !P256_ORDER.equals(ec.getParams().getOrder().toString())) {
                throw new IllegalArgumentException(where + "key must be an ECDSA P-256 public key.");
            }
            return key;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + "key is not valid base64 inside its PEM lines.");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + "key must be an ECDSA P-256 public key.");
        }
    }
}
