package io.latchkey.apikeys.spi;

/**
 * The outcome of presenting a key. Only {@link #VALID} is ever a success; the others name the reason for events and
 * for realms that chose to tell callers why (the default tells them only that the key is invalid).
 */
public enum VerificationCode {
    VALID(null),
    /** Malformed, unknown, or a regenerated key's old secret after its grace period. */
    NOT_FOUND("api_key_not_found"),
    EXPIRED("api_key_expired"),
    /** Revoked, or its owner is disabled or deleted. */
    DISABLED("api_key_disabled"),
    IP_NOT_ALLOWED("api_key_ip_not_allowed");

    private final String eventError;

    VerificationCode(String eventError) {
        this.eventError = eventError;
    }

    /** The {@code error} of the Keycloak event recorded for this outcome. */
    public String eventError() {
        return eventError;
    }
}
