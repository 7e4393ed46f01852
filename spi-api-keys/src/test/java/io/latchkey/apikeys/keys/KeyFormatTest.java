package io.latchkey.apikeys.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFormatTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyFormat STRIPE = KeyFormat.STRIPE_STYLE;
    private static final String LIVE_KEY = STRIPE.generate("live", RANDOM);

    @Test
    void generatedKeysHaveTheStripeShapeAndParse() {
        for (String environment : List.of("live", "test")) {
            String key = STRIPE.generate(environment, RANDOM);
            assertTrue(key.matches("sk_" + environment + "_[0-9A-Za-z]{32}"), key);
            assertEquals(Optional.of(environment), STRIPE.parse(key));
        }
    }

    @Test
    void legacyPrefixWithoutEnvironmentIs35Characters() {
        KeyFormat pe = new KeyFormat("pe-", List.of());
        String key = pe.generate(null, RANDOM);
        assertEquals(35, key.length());
        assertTrue(key.matches("pe-[0-9A-Za-z]{32}"), key);
        assertEquals(Optional.of(""), pe.parse(key));
        assertEquals(Optional.empty(), STRIPE.parse(key));
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(keys.add(STRIPE.generate("test", RANDOM)));
        }
    }

    @Test
    void everySingleCharacterChangeOfTheBodyIsCaught() {
        int bodyStart = LIVE_KEY.length() - KeyFormat.BODY_LENGTH;
        int caught = 0;
        int tried = 0;
        for (int i = bodyStart; i < LIVE_KEY.length(); i++) {
            for (char c : Base62.ALPHABET.toCharArray()) {
                if (c == LIVE_KEY.charAt(i)) {
                    continue;
                }
                tried++;
                String typo = LIVE_KEY.substring(0, i) + c + LIVE_KEY.substring(i + 1);
                if (STRIPE.parse(typo).isEmpty()) {
                    caught++;
                }
            }
        }
        assertEquals(tried, caught, "CRC32 catches every single-character substitution");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "sk_live_", "sk_live", "sk_prod_0123456789ABCDEFGHIJKLMNOPQRSTUV", "pk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV",
            "SK_LIVE_0123456789ABCDEFGHIJKLMNOPQRSTUV", "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTU",
            "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUVW", "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV",
            "sk_live_01234567890ABCDEFGHIJKLMNOPQRS-_", "sk_live_0123456789ABCDEFGHIJKLMNOPQRSTÜ",
            "sk_live_ 123456789ABCDEFGHIJKLMNOPQRSTUV", "sk_live_0123456789ABCDEFGHIJKLMNOPQRS\u0000T",
            " sk_live_0123456789ABCDEFGHIJKLMNOPQRSTUV"})
    void malformedKeysAreRejectedWithoutALookup(String candidate) {
        assertEquals(Optional.empty(), STRIPE.parse(candidate));
    }

    @Test
    void overlongInputIsRejectedBeforeAnyWork() {
        assertEquals(Optional.empty(), STRIPE.parse(LIVE_KEY + "x".repeat(100_000)));
        assertEquals(Optional.empty(), STRIPE.parse(null));
        assertEquals(40, STRIPE.maxLength());
    }

    @Test
    void displayPrefixShowsFourBodyCharacters() {
        String key = "sk_live_abc1" + LIVE_KEY.substring(12);
        assertEquals("sk_live_abc1...", STRIPE.displayPrefix(key));
        KeyFormat pe = new KeyFormat("pe-", List.of());
        assertEquals("pe-" + "x".repeat(4) + "...", pe.displayPrefix("pe-" + "x".repeat(32)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sk", "Sk_", "1k_", "sk.", "toolongprefixx_", "sk__"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThrows(IllegalArgumentException.class, () -> new KeyFormat(prefix, List.of("live")));
    }

    @Test
    void unknownEnvironmentCannotBeGenerated() {
        assertThrows(IllegalArgumentException.class, () -> STRIPE.generate("prod", RANDOM));
        assertThrows(IllegalArgumentException.class, () -> new KeyFormat("pe-", List.of()).generate("live", RANDOM));
        assertThrows(IllegalArgumentException.class, () -> new KeyFormat("sk_", List.of("Live")));
    }

    @Test
    void base62EncodesCrc32InSixDigits() {
        assertEquals("000000", Base62.encode(0, 6));
        assertEquals("4gfFC3", Base62.encode(0xFFFFFFFFL, 6));
        assertThrows(IllegalArgumentException.class, () -> Base62.encode(62L * 62 * 62, 2));
    }
}
