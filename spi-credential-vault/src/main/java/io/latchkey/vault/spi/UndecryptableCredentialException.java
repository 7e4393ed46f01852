package io.latchkey.vault.spi;

/**
 * The stored ciphertext does not open with the configured keyset for this row: it was encrypted by a key that is no
 * longer in the keyset, altered, or copied from another row. The credential must be stored again.
 */
public final class UndecryptableCredentialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UndecryptableCredentialException(String serviceName) {
        super("The stored credential for service '" + serviceName + "' cannot be decrypted");
    }
}
