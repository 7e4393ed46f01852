package io.latchkey.apikeys.keys;

/** The base62 alphabet GitHub-style tokens use: digits, upper case, lower case. */
final class Base62 {

    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** {@code value} (unsigned) in exactly {@code width} base62 digits, most significant first, zero-padded. */
    static String encode(long value, int width) {
        char[] digits = new char[width];
        long rest = value;
        for (int i = width - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (rest % 62));
            rest /= 62;
        }
        if (rest != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " base62 digits");
        }
        return new String(digits);
    }
}
