package io.latchkey.quota.spi;

/**
 * The outcome of a deduction (or a dry run): whether it fit, and the quota afterwards. When a key has its own limit,
 * {@code status} is whichever of the user's and the key's counters is nearer exhaustion.
 */
public record Deduction(boolean allowed, QuotaStatus status) {
}
