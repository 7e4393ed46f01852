package io.latchkey.discogs.oauth;

import java.util.Objects;

/** An OAuth 1.0a token and its secret (request or access token). Never logged: see {@link #toString()}. */
public record TokenPair(String token, String secret) {

    public TokenPair {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "TokenPair[token=***, secret=***]";
    }
}
