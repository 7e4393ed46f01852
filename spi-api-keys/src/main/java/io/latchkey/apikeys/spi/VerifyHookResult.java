package io.latchkey.apikeys.spi;

import java.util.Map;

/**
 * What a hook adds to a verify: a rejection (then the verify fails with its status), or response fields (e.g. the
 * remaining quota) and headers (e.g. {@code X-RateLimit-Remaining}), and the quota units it deducted, which the key's
 * daily usage counts.
 */
public record VerifyHookResult(VerifyRejection rejection, Map<String, Object> fields, Map<String, String> headers,
        long quotaUnits) {

    public static final VerifyHookResult NONE = new VerifyHookResult(null, Map.of(), Map.of(), 0);

    public static VerifyHookResult allow(Map<String, Object> fields, Map<String, String> headers) {
        return allow(fields, headers, 0);
    }

    /** Allowed, having deducted {@code quotaUnits} (0 for a dry run). */
    public static VerifyHookResult allow(Map<String, Object> fields, Map<String, String> headers, long quotaUnits) {
        return new VerifyHookResult(null, fields, headers, quotaUnits);
    }

    public static VerifyHookResult reject(VerifyRejection rejection) {
        return reject(rejection, Map.of(), Map.of());
    }

    /** Refused, deducting nothing, with fields and headers that describe why (e.g. the used-up quota). */
    public static VerifyHookResult reject(VerifyRejection rejection, Map<String, Object> fields,
            Map<String, String> headers) {
        return new VerifyHookResult(rejection, fields, headers, 0);
    }
}
