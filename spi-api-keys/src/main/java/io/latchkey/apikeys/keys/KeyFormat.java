package io.latchkey.apikeys.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The shape of an API key: {@code {prefix}{environment}_{body}}, for example {@code sk_live_} followed by 32 base62
 * characters, as in the legacy API-key service. Without environments the key is {@code {prefix}{body}}: the legacy conversation-quota service's {@code pe-} plus 32
 * characters.
 *
 * <p>The body is 26 characters of CSPRNG randomness (26 × log2(62) ≈ 154.8 bits) followed by the CRC32 of those 26
 * characters in 6 base62 digits, as GitHub's tokens do: a truncated, mistyped or made-up key fails {@link #parse}
 * without touching the database, and secret scanners can tell a real key from noise.
 */
public final class KeyFormat {

    public static final int BODY_LENGTH = 32;
    static final int RANDOM_LENGTH = 26;
    static final int CHECKSUM_LENGTH = BODY_LENGTH - RANDOM_LENGTH;
    /** How much of the body a display prefix shows: enough to tell keys apart, far too little to guess one. */
    static final int DISPLAY_CHARACTERS = 4;

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,11}[_-]");
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9]{0,15}");

    /** Stripe-style keys, as the legacy API-key service issued them. */
    public static final KeyFormat STRIPE_STYLE = new KeyFormat("sk_", List.of("live", "test"));

    private final String prefix;
    private final List<String> environments;

    /**
     * @param prefix       1 to 13 characters: a lower-case letter, letters or digits, then {@code _} or {@code -}
     * @param environments lower-case names such as {@code live}, {@code test}; empty for keys without one
     */
    public KeyFormat(String prefix, List<String> environments) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Key prefix must be a lower-case letter, up to 11 letters or digits,"
                    + " then '_' or '-' (e.g. sk_ or pe-)");
        }
        for (String environment : environments) {
            if (!ENVIRONMENT.matcher(environment).matches()) {
                throw new IllegalArgumentException("Key environment must be 1 to 16 lower-case letters or digits,"
                        + " starting with a letter: " + environment);
            }
        }
        this.prefix = prefix;
        this.environments = List.copyOf(environments);
    }

    public String prefix() {
        return prefix;
    }

    public List<String> environments() {
        return environments;
    }

    /** Longest key this format produces; anything longer is rejected at once. */
    public int maxLength() {
        int longestEnvironment = environments.stream().mapToInt(e -> e.length() + 1).max().orElse(0);
        return prefix.length() + longestEnvironment + BODY_LENGTH;
    }

    /** A new key; {@code environment} must be one of {@link #environments()} (null when there are none). */
    public String generate(String environment, SecureRandom random) {
        StringBuilder key = new StringBuilder(maxLength()).append(head(environment));
        StringBuilder randomPart = new StringBuilder(RANDOM_LENGTH);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            randomPart.append(Base62.ALPHABET.charAt(random.nextInt(Base62.ALPHABET.length())));
        }
        return key.append(randomPart).append(checksum(randomPart)).toString();
    }

    /**
     * Checks a presented key's shape and checksum, never its validity: that takes the database.
     *
     * @return the environment (empty string without environments), or empty when the key cannot be one of ours
     */
    public Optional<String> parse(String candidate) {
        if (candidate == null || candidate.length() > maxLength() || !candidate.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = candidate.substring(prefix.length());
        String environment = "";
        if (!environments.isEmpty()) {
            environment = environments.stream().filter(e -> rest.startsWith(e + "_")).findFirst().orElse(null);
            if (environment == null) {
                return Optional.empty();
            }
        }
        String body = environment.isEmpty() ? rest : rest.substring(environment.length() + 1);
        if (body.length() != BODY_LENGTH || !body.chars().allMatch(c -> Base62.isBase62((char) c))) {
            return Optional.empty();
        }
        String randomPart = body.substring(0, RANDOM_LENGTH);
        return checksum(randomPart).equals(body.substring(RANDOM_LENGTH)) ? Optional.of(environment) : Optional.empty();
    }

    /**
     * The regular expression that finds this format's keys in text, for a secret scanner (GitHub's partner program
     * asks for one): the prefix, the environment, 32 base62 characters, on word boundaries. A checksum is no regular
     * language: what matches is checked with {@link #parse} when reported, and a made-up string is a false positive.
     */
    public String scanningPattern() {
        StringBuilder pattern = new StringBuilder("\\b").append(prefix);
        if (!environments.isEmpty()) {
            pattern.append("(?:").append(String.join("|", environments)).append(")_");
        }
        return pattern.append("[0-9A-Za-z]{").append(BODY_LENGTH).append("}\\b").toString();
    }

    /** What lists may show of a key: {@code sk_live_abc1...}. */
    public String displayPrefix(String key) {
        int bodyStart = key.length() - BODY_LENGTH;
        return key.substring(0, bodyStart + DISPLAY_CHARACTERS) + "...";
    }

    private String head(String environment) {
        if (environments.isEmpty()) {
            if (environment != null && !environment.isEmpty()) {
                throw new IllegalArgumentException("This key format has no environments");
            }
            return prefix;
        }
        if (!environments.contains(environment)) {
            throw new IllegalArgumentException("Unknown environment '" + environment + "'; expected one of "
                    + environments);
        }
        return prefix + environment + "_";
    }

    private static String checksum(CharSequence randomPart) {
        CRC32 crc = new CRC32();
        crc.update(randomPart.toString().getBytes(StandardCharsets.US_ASCII));
        return Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }
}
