package io.latchkey.discogs.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import com.github.scribejava.core.services.HMACSha1SignatureService;
import com.github.scribejava.core.services.PlaintextSignatureService;

class SignatureMethodTest {

    @Test
    void plaintextIsTheDefaultAsDiscogsDocuments() {
        assertEquals(SignatureMethod.PLAINTEXT, SignatureMethod.parse(null));
        assertEquals(SignatureMethod.PLAINTEXT, SignatureMethod.parse("  "));
        assertInstanceOf(PlaintextSignatureService.class, SignatureMethod.PLAINTEXT.service());
    }

    @Test
    void configValuesAreReadCaseInsensitively() {
        assertEquals(SignatureMethod.HMAC_SHA1, SignatureMethod.parse("HMAC-SHA1"));
        assertEquals(SignatureMethod.HMAC_SHA1, SignatureMethod.parse("hmac_sha1"));
        assertEquals(SignatureMethod.PLAINTEXT, SignatureMethod.parse(" plaintext "));
        assertEquals("HMAC-SHA1", SignatureMethod.HMAC_SHA1.configValue());
        assertInstanceOf(HMACSha1SignatureService.class, SignatureMethod.HMAC_SHA1.service());
    }

    @Test
    void unknownMethodsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SignatureMethod.parse("RSA-SHA1"));
        assertThrows(IllegalArgumentException.class, () -> SignatureMethod.parse("HMAC-SHA256"));
    }
}
