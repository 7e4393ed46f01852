package io.latchkey.quota.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.DailyUsage;

/** One row of the daily usage statistics. */
public record DailyUsageRepresentation(
        @JsonProperty("day") String day,
        @JsonProperty("user_id") String userId,
        @JsonProperty("username") String username,
        @JsonProperty("api_key_id") String apiKeyId,
        @JsonProperty("messages") long messages) {

    static DailyUsageRepresentation of(DailyUsage usage) {
        return new DailyUsageRepresentation(usage.day(), usage.userId(), usage.username(), usage.apiKeyId(),
                usage.messages());
    }
}
