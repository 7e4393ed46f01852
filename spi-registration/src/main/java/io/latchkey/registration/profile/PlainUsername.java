package io.latchkey.registration.profile;

import java.text.Normalizer;

/**
 * Whether a username reads as what it is: unchanged by Unicode compatibility normalization (NFKC), so full-width
 * {@code ａｄｍｉｎ} is not a second {@code admin}, and free of control and format characters, so a right-to-left
 * override cannot make {@code abc\u202edcba} display as another name. Pure logic, tested without a server.
 */
public final class PlainUsername {

    private PlainUsername() {
    }

    /** Null when {@code username} is plain, else the sentence that says why not. */
    public static String problem(String username) {
        if (username == null) {
            return null;
        }
        for (int i = 0; i < username.length(); ) {
            int codePoint = username.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return "Usernames may not contain invisible, control or direction-changing characters.";
            }
            i += Character.charCount(codePoint);
        }
        if (!Normalizer.normalize(username, Normalizer.Form.NFKC).equals(username)) {
            return "Write the username in plain characters (no full-width, ligature or other look-alike forms): "
                    + Normalizer.normalize(username, Normalizer.Form.NFKC);
        }
        return null;
    }
}
