package io.latchkey.vault.spi;

/** The server has no encryption key for this realm: a configuration problem for the operator, not the caller. */
public final class KeysetUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeysetUnavailableException(String realmName) {
        super("The credential vault has no encryption key for realm '" + realmName + "'");
    }
}
