package io.latchkey.vault.spi;

/** A stored credential together with its decrypted secret. Handle with care: never log or persist it. */
public record RevealedCredential(StoredCredential credential, String secret) {

    @Override
    public String toString() {
        return "RevealedCredential[" + credential + ", secret=***]";
    }
}
