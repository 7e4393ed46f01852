package io.latchkey.apikeys.spi;

/** The server has no pepper for this realm, so keys can be neither issued nor checked (answered with 503). */
public final class PepperUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PepperUnavailableException(String realm) {
        super("API keys are unavailable in realm '" + realm + "': the server has no API-key pepper for it."
                + " The operator must set --spi-api-keys--jpa--pepper or a Keycloak vault secret (see the README).");
    }
}
