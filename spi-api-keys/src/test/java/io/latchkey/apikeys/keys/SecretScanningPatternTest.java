package io.latchkey.apikeys.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The regular expression docs/api-keys.md gives secret scanners is read from the page itself, so the page, the code
 * and real keys cannot drift apart: it is what {@link KeyFormat#scanningPattern()} builds, it finds every generated key
 * in text, and what else of the same shape it finds fails the checksum.
 */
class SecretScanningPatternTest {

    private static final Path DOC = Path.of("../docs/api-keys.md");
    private static final String MARKER = "<!-- secret-scanning-pattern -->";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SAMPLES = 2000;

    @Test
    void theDocumentedPatternIsTheDefaultFormats() throws IOException {
        assertEquals(KeyFormat.STRIPE_STYLE.scanningPattern(), documentedPattern());
        assertEquals("\\bpe-[0-9A-Za-z]{32}\\b", new KeyFormat("pe-", List.of()).scanningPattern(),
                "the legacy format's pattern, as the page quotes it");
        assertTrue(Files.readString(DOC).contains("`\\bpe-[0-9A-Za-z]{32}\\b`"));
    }

    @Test
    void generatedKeysAreFoundInText() throws IOException {
        Pattern pattern = Pattern.compile(documentedPattern());
        for (int i = 0; i < SAMPLES; i++) {
            String key = KeyFormat.STRIPE_STYLE.generate(i % 2 == 0 ? "live" : "test", RANDOM);
            Matcher found = pattern.matcher("export API_KEY=\"" + key + "\" # staging\n");
            assertTrue(found.find(), key);
            assertEquals(key, found.group());
            assertTrue(pattern.matcher(key).matches(), key);
        }
    }

    @Test
    void stringsOfTheSameShapeWithAWrongChecksumMatchButFailTheChecksum() throws IOException {
        Pattern pattern = Pattern.compile(documentedPattern());
        for (int i = 0; i < SAMPLES; i++) {
            String key = KeyFormat.STRIPE_STYLE.generate("live", RANDOM);
            String made = i % 2 == 0 ? withRandomChecksum(key) : withOneCharacterChanged(key);
            assertNotEquals(key, made);
            assertTrue(pattern.matcher(made).matches(), made + " has the shape");
            assertEquals(Optional.empty(), KeyFormat.STRIPE_STYLE.parse(made), made + " fails the checksum");
        }
    }

    @Test
    void aKeyInsideALongerWordIsNotFound() throws IOException {
        Pattern pattern = Pattern.compile(documentedPattern());
        String key = KeyFormat.STRIPE_STYLE.generate("live", RANDOM);
        assertFalse(pattern.matcher("x" + key).find());
        assertFalse(pattern.matcher(key + "A").find());
        assertFalse(pattern.matcher(key.substring(0, key.length() - 1)).find(), "one character short");
        assertFalse(pattern.matcher(key.replace("sk_live_", "sk_prod_")).find(), "an environment the realm lacks");
    }

    private static String documentedPattern() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int marker = lines.indexOf(MARKER);
        assertTrue(marker >= 0, "docs/api-keys.md marks the pattern with " + MARKER);
        assertEquals("```", lines.get(marker + 1));
        assertEquals("```", lines.get(marker + 3));
        return lines.get(marker + 2);
    }

    /** The key with its last 6 characters, the checksum, replaced by others. */
    private static String withRandomChecksum(String key) {
        int start = key.length() - KeyFormat.CHECKSUM_LENGTH;
        String made;
        do {
            StringBuilder checksum = new StringBuilder();
            for (int i = 0; i < KeyFormat.CHECKSUM_LENGTH; i++) {
                checksum.append(randomBase62());
            }
            made = key.substring(0, start) + checksum;
        } while (made.equals(key));
        return made;
    }

    /** A typo: one character of the random part replaced by another base62 character. */
    private static String withOneCharacterChanged(String key) {
        int bodyStart = key.length() - KeyFormat.BODY_LENGTH;
        int at = bodyStart + RANDOM.nextInt(KeyFormat.RANDOM_LENGTH);
        char replacement;
        do {
            replacement = randomBase62();
        } while (replacement == key.charAt(at));
        return key.substring(0, at) + replacement + key.substring(at + 1);
    }

    private static char randomBase62() {
        return Base62.ALPHABET.charAt(RANDOM.nextInt(Base62.ALPHABET.length()));
    }
}
