package io.latchkey.vault.spi;

/**
 * Outcome of moving a realm's ciphertexts to the keyset's primary key.
 *
 * @param reencrypted  rows rewritten with the primary key
 * @param total        rows of the realm
 * @param undecryptable rows that no key of the keyset opens (left untouched)
 * @param primaryKeyId the key every moved row now uses
 */
public record ReencryptionResult(int reencrypted, long total, int undecryptable, long primaryKeyId) {
}
