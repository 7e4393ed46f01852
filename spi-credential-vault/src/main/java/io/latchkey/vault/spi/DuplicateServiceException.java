package io.latchkey.vault.spi;

/** The user already has a credential for this service; there is one per (realm, user, service). */
public final class DuplicateServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateServiceException(String serviceName) {
        super("A credential for service '" + serviceName + "' already exists");
    }
}
