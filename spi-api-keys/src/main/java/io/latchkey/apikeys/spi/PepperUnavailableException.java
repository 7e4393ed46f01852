package io.latchkey.apikeys.spi;

/** The server has no pepper for this realm, so keys can be neither issued nor checked (answered with 503). */
public final class PepperUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PepperUnavailableException(String realm) {
        super("API keys are unavailable in realm '" + realm + "': the server has no API-key pepper for it."
                + " The operator must set --spi-api-keys--jpa--pepper or a Keycloak vault secret (see the README).");
    }

    private PepperUnavailableException(String realm, boolean keptInVault) {
        super("API keys are unavailable in realm '" + realm + "' for now: its pepper is kept in Keycloak's vault and"
                + " cannot be read. Nothing was changed; try again later (the server's log tells its operator why).");
    }

    /** The realm keeps its pepper in Keycloak's vault and the secret cannot be read now: temporary, never a fallback. */
    public static PepperUnavailableException vaultUnreadable(String realm) {
        return new PepperUnavailableException(realm, true);
    }
}
