package io.latchkey.apikeys.spi;

import java.time.LocalDate;

/**
 * How often a key (or a user's keys together) was presented on one UTC day with one outcome, and the quota units
 * those presentations deducted (only valid verifies deduct).
 *
 * @param outcome {@link ApiKeyProvider#VALID}, or the code of the refusal
 */
public record DailyKeyUsage(LocalDate day, String outcome, long uses, long quotaUnits) {
}
