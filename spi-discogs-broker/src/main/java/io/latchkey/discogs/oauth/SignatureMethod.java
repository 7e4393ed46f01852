package io.latchkey.discogs.oauth;

import java.util.Locale;

import com.github.scribejava.core.services.HMACSha1SignatureService;
import com.github.scribejava.core.services.PlaintextSignatureService;
import com.github.scribejava.core.services.SignatureService;

/**
 * OAuth 1.0a signature methods Discogs accepts. Discogs documents PLAINTEXT (over HTTPS), which is the default;
 * HMAC-SHA1 is there for operators who prefer the secret never to travel, even encrypted.
 */
public enum SignatureMethod {
    PLAINTEXT,
    HMAC_SHA1;

    /** The configuration value ({@code PLAINTEXT}, {@code HMAC-SHA1}), case-insensitive; null means the default. */
    public static SignatureMethod parse(String value) {
        if (value == null || value.isBlank()) {
            return PLAINTEXT;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        for (SignatureMethod method : values()) {
            if (method.configValue().equals(normalized)) {
                return method;
            }
        }
        throw new IllegalArgumentException("Unknown signature method '" + value + "': use PLAINTEXT or HMAC-SHA1");
    }

    public String configValue() {
        return name().replace('_', '-');
    }

    SignatureService service() {
        return this == PLAINTEXT ? new PlaintextSignatureService() : new HMACSha1SignatureService();
    }
}
