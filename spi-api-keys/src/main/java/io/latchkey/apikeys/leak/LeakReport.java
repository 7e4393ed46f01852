package io.latchkey.apikeys.leak;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One leak report as a secret scanner sends it: a JSON array of {@code {"token", "type", "url", "source"}}, every
 * member a string and every one required, as GitHub's secret-scanning partner program sends them. The whole report is
 * refused when one entry is wrong, so nothing of a report that was not understood is acted on. Members beyond these
 * four are ignored: the format is the scanner's, and a member it adds must not stop revocations.
 */
public record LeakReport(List<Found> found) {

    /** Longest {@code url} accepted: a file URL on GitHub with a long path fits many times over. */
    public static final int MAX_URL = 8192;
    /** Longest {@code type} and {@code source}: GitHub's are short words such as {@code content} or {@code commit}. */
    public static final int MAX_WORD = 256;

    /**
     * One string found in public.
     *
     * @param token  what the scanner matched: a key of the realm, or not
     * @param type   the scanner's name for the pattern that matched
     * @param url    where it was found
     * @param source what kind of place that is (GitHub: content, commit, issue_comment, ...)
     */
    public record Found(String token, String type, String url, String source) {

        /** SHA-256 of the token in lower-case hex: how the feedback names a token without repeating it. */
        public String tokenHash() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is unavailable", e);
            }
        }
    }

    /**
     * The report in {@code body}, a JSON array.
     *
     * @throws IllegalArgumentException with a sentence naming the first entry that is wrong and how
     */
    public static LeakReport parse(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("A leak report is a JSON array of {\"token\", \"type\", \"url\","
                    + " \"source\"}.");
        }
        List<Found> found = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            String where = "Entry " + (i + 1) + ": ";
            if (!item.isObject()) {
                throw new IllegalArgumentException(where + "must be an object {\"token\", \"type\", \"url\", \"source\"}.");
            }
            found.add(new Found(string(item, "token", Integer.MAX_VALUE, where), string(item, "type", MAX_WORD, where),
                    string(item, "url", MAX_URL, where), string(item, "source", MAX_WORD, where)));
        }
        return new LeakReport(List.copyOf(found));
    }

    private static String string(JsonNode item, String name, int maxLength, String where) {
        JsonNode value = item.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new IllegalArgumentException(where + "'" + name + "' is required and must be a non-empty string.");
        }
        if (value.textValue().length() > maxLength) {
            throw new IllegalArgumentException(where + "'" + name + "' is longer than " + maxLength + " characters.");
        }
        return value.textValue();
    }
}
