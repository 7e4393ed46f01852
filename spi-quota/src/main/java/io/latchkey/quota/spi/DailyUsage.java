package io.latchkey.quota.spi;

/** Messages logged on one UTC day by one user, through one API key (null: with an access token). */
public record DailyUsage(String day, String userId, String username, String apiKeyId, long messages) {
}
