package io.latchkey.apikeys.spi;

import java.util.Map;

/**
 * What a hook adds to a verify: a rejection (then the verify fails with its status), or response fields (e.g. the
 * remaining quota) and headers (e.g. {@code X-RateLimit-Remaining}).
 */
public record VerifyHookResult(VerifyRejection rejection, Map<String, Object> fields, Map<String, String> headers) {

    public static final VerifyHookResult NONE = new VerifyHookResult(null, Map.of(), Map.of());

    public static VerifyHookResult allow(Map<String, Object> fields, Map<String, String> headers) {
        return new VerifyHookResult(null, fields, headers);
    }

    public static VerifyHookResult reject(VerifyRejection rejection) {
        return new VerifyHookResult(rejection, Map.of(), Map.of());
    }
}
