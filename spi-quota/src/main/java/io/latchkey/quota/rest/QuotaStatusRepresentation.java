package io.latchkey.quota.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.QuotaStatus;

/** One quota as callers see it. */
@Schema(name = "QuotaStatus", description = "One quota of a user in its current window.",
        requiredProperties = {"quota", "limit", "used", "remaining", "reset_at"})
public record QuotaStatusRepresentation(
        @Schema(description = "The quota's name in the user's plan.", example = "conversation_limit")
        @JsonProperty("quota") String quota,
        @Schema(description = "The allowance of the current window: the override when there is one, else the plan's.",
                minimum = "0")
        @JsonProperty("limit") long limit,
        @Schema(description = "How much of the window's allowance is used.", minimum = "0")
        @JsonProperty("used") long used,
        @Schema(description = "limit - used, never below 0.", minimum = "0")
        @JsonProperty("remaining") long remaining,
        @Schema(nullable = true, minimum = "0", description = "An administrator's allowance for this user; absent"
                + " when the plan's applies.")
        @JsonProperty("override") Long override,
        @Schema(format = "date-time", description = "When the current window ends and the quota refills (UTC).")
        @JsonProperty("reset_at") String resetAt) {

    static QuotaStatusRepresentation of(QuotaStatus status) {
        return new QuotaStatusRepresentation(status.quota(), status.limit(), status.used(), status.remaining(),
                status.override(), status.resetAt().toString());
    }
}
