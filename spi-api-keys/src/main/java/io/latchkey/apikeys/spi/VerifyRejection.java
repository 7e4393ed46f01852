package io.latchkey.apikeys.spi;

import java.util.Map;

/**
 * A hook's refusal: {@code status} (e.g. 429), a {@code code} for the response (e.g. {@code USAGE_EXCEEDED}), a
 * human-readable {@code detail}, headers such as {@code Retry-After}, and extra response fields.
 */
public record VerifyRejection(int status, String code, String detail, Map<String, String> headers,
        Map<String, Object> fields) {
}
