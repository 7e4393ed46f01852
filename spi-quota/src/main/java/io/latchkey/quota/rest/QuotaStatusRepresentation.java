package io.latchkey.quota.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.quota.spi.QuotaStatus;

/** One quota as callers see it. */
public record QuotaStatusRepresentation(
        @JsonProperty("quota") String quota,
        @JsonProperty("limit") long limit,
        @JsonProperty("used") long used,
        @JsonProperty("remaining") long remaining,
        @JsonProperty("override") Long override,
        @JsonProperty("reset_at") String resetAt) {

    static QuotaStatusRepresentation of(QuotaStatus status) {
        return new QuotaStatusRepresentation(status.quota(), status.limit(), status.used(), status.remaining(),
                status.override(), status.resetAt().toString());
    }
}
