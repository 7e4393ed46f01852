package io.latchkey.discogs.oauth;

/**
 * A Discogs call that did not succeed, classified so callers can answer the user precisely. The message names the
 * step and the HTTP status, never a token, secret or response body.
 */
public final class DiscogsException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, from the caller's point of view. */
    public enum Kind {
        /** No answer within the configured timeout. */
        TIMEOUT,
        /** Connection failed or Discogs answered 5xx. */
        UNAVAILABLE,
        /** Discogs answered 429; {@link #retryAfterSeconds()} says when to come back. */
        RATE_LIMITED,
        /** Discogs refused the request (4xx): bad verifier, revoked token or wrong consumer credentials. */
        REJECTED,
        /** Discogs answered 200 with something that is not what the protocol promises. */
        MALFORMED
    }

    private final Kind kind;
    private final int status;
    private final long retryAfterSeconds;

    public DiscogsException(Kind kind, String message, int status, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status Discogs answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Seconds to wait before retrying, for {@link Kind#RATE_LIMITED}; 0 otherwise. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Worth retrying the same request later: Discogs was slow, down or limiting us, not refusing it. */
    public boolean isTransient() {
        return kind == Kind.TIMEOUT || kind == Kind.UNAVAILABLE || kind == Kind.RATE_LIMITED;
    }
}
