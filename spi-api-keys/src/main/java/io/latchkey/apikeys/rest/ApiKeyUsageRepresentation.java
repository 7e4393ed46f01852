package io.latchkey.apikeys.rest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.DailyKeyUsage;

/**
 * A key's (or all of a user's keys') use per UTC day: one entry for every day of the range, zero-filled, so a chart
 * needs no calendar of its own.
 */
@Schema(name = "ApiKeyUsage", description = "Presentations of a key (or of all of a user's keys) per UTC day, oldest"
        + " day first, one entry per day of the range including days without use. At most one usage flush interval"
        + " old.", requiredProperties = {"user_id", "from", "to", "days", "totals"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyUsageRepresentation(
        @JsonProperty("api_key_id") @Schema(description = "The key; absent in a user's usage.") String apiKeyId,
        @JsonProperty("user_id") @Schema(description = "The key's owner, or the user whose keys are summed.")
        String userId,
        @JsonProperty("from") @Schema(format = "date", description = "The first day, YYYY-MM-DD (UTC).") String from,
        @JsonProperty("to") @Schema(format = "date", description = "The last day, today (UTC).") String to,
        @JsonProperty("days") List<Day> days,
        @JsonProperty("totals") @Schema(description = "The sums over the range.") Counts totals) {

    /** What one day (or the whole range) counted. */
    @Schema(name = "ApiKeyUsageCounts", requiredProperties = {"verified", "rejected", "quota_used"})
    public record Counts(
            @JsonProperty("verified") @Schema(minimum = "0", description = "Presentations the key passed (verify,"
                    + " exchange, or use on Latchkey's endpoints).") long verified,
            @JsonProperty("rejected") @Schema(type = SchemaType.OBJECT, additionalProperties = Long.class,
                    description = "Refused presentations of the key by the code they were refused with: DISABLED"
                            + " (revoked, or the owner disabled), EXPIRED, IP_NOT_ALLOWED (outside the key's"
                            + " addresses), USAGE_EXCEEDED (quota used up), INVALID_REQUEST (unknown quota or bad"
                            + " cost). Codes with no refusal are left out.") SortedMap<String, Long> rejected,
            @JsonProperty("quota_used") @Schema(minimum = "0", description = "Quota units the key's verifies"
                    + " deducted.") long quotaUsed) {
    }

    /** One UTC day. */
    @Schema(name = "ApiKeyUsageDay", requiredProperties = {"day", "verified", "rejected", "quota_used"})
    public record Day(
            @JsonProperty("day") @Schema(format = "date", description = "YYYY-MM-DD (UTC).") String day,
            @JsonProperty("verified") @Schema(minimum = "0") long verified,
            @JsonProperty("rejected") @Schema(type = SchemaType.OBJECT, additionalProperties = Long.class,
                    description = "Refusals by code, as in the totals.") SortedMap<String, Long> rejected,
            @JsonProperty("quota_used") @Schema(minimum = "0") long quotaUsed) {
    }

    /** The rows of days {@code from} to {@code to}, laid out one entry per day. */
    static ApiKeyUsageRepresentation of(String apiKeyId, String userId, LocalDate from, LocalDate to,
            List<DailyKeyUsage> rows) {
        Map<LocalDate, List<DailyKeyUsage>> byDay = new HashMap<>();
        rows.forEach(row -> byDay.computeIfAbsent(row.day(), d -> new ArrayList<>()).add(row));
        List<Day> days = new ArrayList<>();
        long verified = 0;
        long quotaUsed = 0;
        SortedMap<String, Long> rejected = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            long dayVerified = 0;
            long dayQuota = 0;
            SortedMap<String, Long> dayRejected = new TreeMap<>();
            for (DailyKeyUsage row : byDay.getOrDefault(day, List.of())) {
                if (ApiKeyProvider.VALID.equals(row.outcome())) {
                    dayVerified += row.uses();
                } else {
                    dayRejected.merge(row.outcome(), row.uses(), Long::sum);
                    rejected.merge(row.outcome(), row.uses(), Long::sum);
                }
                dayQuota += row.quotaUnits();
            }
            verified += dayVerified;
            quotaUsed += dayQuota;
            days.add(new Day(day.toString(), dayVerified, Collections.unmodifiableSortedMap(dayRejected), dayQuota));
        }
        return new ApiKeyUsageRepresentation(apiKeyId, userId, from.toString(), to.toString(), days,
                new Counts(verified, Collections.unmodifiableSortedMap(rejected), quotaUsed));
    }
}
