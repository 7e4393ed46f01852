package io.latchkey.quota.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.DailyUsage;

/** One row of the daily usage statistics. */
@Schema(name = "QuotaDailyUsage", description = "Messages logged on one UTC day by one user through one API key.",
        requiredProperties = {"day", "user_id", "username", "messages"})
public record DailyUsageRepresentation(
        @Schema(format = "date", description = "The UTC day, YYYY-MM-DD.")
        @JsonProperty("day") String day,
        @JsonProperty("user_id") String userId,
        @Schema(description = "The username when the messages were logged.")
        @JsonProperty("username") String username,
        @Schema(nullable = true, description = "Absent for messages logged with an access token instead of a key.")
        @JsonProperty("api_key_id") String apiKeyId,
        @Schema(minimum = "1")
        @JsonProperty("messages") long messages) {

    static DailyUsageRepresentation of(DailyUsage usage) {
        return new DailyUsageRepresentation(usage.day(), usage.userId(), usage.username(), usage.apiKeyId(),
                usage.messages());
    }
}
