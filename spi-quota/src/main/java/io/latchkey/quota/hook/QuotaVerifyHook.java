package io.latchkey.quota.hook;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import io.micrometer.core.instrument.Metrics;

import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerifyHookResult;
import io.latchkey.apikeys.spi.VerifyRejection;
import io.latchkey.common.ratelimit.RateLimiter;
import io.latchkey.quota.spi.Deduction;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.QuotaStatus;
import io.latchkey.quota.spi.UnknownQuotaException;

/**
 * Quotas on API-key verify (the legacy service's verify-and-deduct), and the realm's per-address rate limit and allow-list
 * before any key is looked up.
 */
final class QuotaVerifyHook implements ApiKeyVerifyHook {

    static final String USAGE_EXCEEDED = "USAGE_EXCEEDED";
    static final String RATE_LIMITED = "RATE_LIMITED";
    static final String IP_NOT_ALLOWED = "IP_NOT_ALLOWED";
    static final long MAX_COST = 1_000_000;
    /** On Keycloak's metrics endpoint as {@code latchkey_quota_rejections_total{realm,reason,quota}}. */
    static final String REJECTIONS = "latchkey.quota.rejections";

    private final RateLimiter rateLimiter;

    QuotaVerifyHook(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    @Override
    public Optional<VerifyRejection> beforeLookup(KeycloakSession session, RealmModel realm, String clientIp,
            String use) {
        QuotaSettings.Parsed parsed = QuotaSettings.parsed(realm);
        QuotaSettings settings = parsed.settings();
        if (!parsed.allows(clientIp)) {
            rejected(realm, IP_NOT_ALLOWED, "");
            return Optional.of(new VerifyRejection(403, IP_NOT_ALLOWED,
                    "API keys of this realm cannot be used from your address.", Map.of(), Map.of()));
        }
        if (settings.rateLimitPerMinute() > 0) {
            RateLimiter.Outcome outcome = rateLimiter.hit(realm.getId(), String.valueOf(clientIp),
                    settings.rateLimitPerMinute(), System.currentTimeMillis());
            if (!outcome.allowed()) {
                rejected(realm, RATE_LIMITED, "");
                return Optional.of(new VerifyRejection(429, RATE_LIMITED, "Too many requests from your address;"
                        + " retry in " + outcome.retryAfterSeconds() + " seconds.",
                        headers(settings.rateLimitPerMinute(), 0, outcome.resetEpochSecond(),
                                outcome.retryAfterSeconds()), Map.of()));
            }
        }
        return Optional.empty();
    }

    @Override
    public VerifyHookResult onValidKey(KeycloakSession session, RealmModel realm, Verification verification,
            MultivaluedMap<String, String> parameters, boolean dryRun) {
        if (!QuotaSettings.of(realm).deductOnVerify()) {
            return VerifyHookResult.NONE;
        }
        QuotaProvider quotas = session.getProvider(QuotaProvider.class);
        String quota = parameters.getFirst("quota");
        if (quota == null) {
            quota = quotas.catalog(realm).defaultQuota();
        }
        Long cost = cost(parameters.getFirst("cost"));
        if (cost == null || quota.length() > 32) {
            return VerifyHookResult.reject(new VerifyRejection(400, "INVALID_REQUEST", cost == null
                    ? "cost must be a whole number from 1 to " + MAX_COST + "." : "Unknown quota.", Map.of(), Map.of()));
        }
        Deduction deduction;
        try {
            deduction = quotas.deduct(realm, verification.owner(), verification.key().id(), quota, cost, dryRun);
        } catch (UnknownQuotaException e) {
            return VerifyHookResult.reject(new VerifyRejection(400, "INVALID_REQUEST", e.getMessage(), Map.of(),
                    Map.of()));
        }
        QuotaStatus status = deduction.status();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("quota", status.quota());
        fields.put("limit", status.limit());
        fields.put("remaining", status.remaining());
        fields.put("reset_at", status.resetAt().toString());
        if ("conversation_limit".equals(status.quota())) {
            fields.put("remaining_conversations", status.remaining());
        }
        if (dryRun) {
            fields.put("dry_run", true);
        }
        long retryAfter = Math.max(1, (status.resetAt().toEpochMilli() - System.currentTimeMillis() + 999) / 1000);
        Map<String, String> headers = headers(status.limit(), status.remaining(), status.resetAt().getEpochSecond(),
                deduction.allowed() ? null : retryAfter);
        if (!deduction.allowed()) {
            rejected(realm, USAGE_EXCEEDED, status.quota());
            return VerifyHookResult.reject(new VerifyRejection(429, USAGE_EXCEEDED, "The '" + status.quota()
                    + "' quota is used up until " + status.resetAt() + ".", headers, fields), fields, headers);
        }
        return VerifyHookResult.allow(fields, headers, dryRun ? 0 : cost);
    }

    private static void rejected(RealmModel realm, String reason, String quota) {
        Metrics.counter(REJECTIONS, "realm", realm.getName(), "reason", reason.toLowerCase(Locale.ROOT), "quota", quota)
                .increment();
    }

    private static Long cost(String value) {
        if (value == null) {
            return 1L;
        }
        try {
            long cost = Long.parseLong(value);
            return cost >= 1 && cost <= MAX_COST ? cost : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> headers(long limit, long remaining, long resetEpochSecond, Long retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Long.toString(limit));
        headers.put("X-RateLimit-Remaining", Long.toString(remaining));
        headers.put("X-RateLimit-Reset", Long.toString(resetEpochSecond));
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(retryAfter));
        }
        return headers;
    }

    @Override
    public void close() {
        // Stateless per request.
    }
}
