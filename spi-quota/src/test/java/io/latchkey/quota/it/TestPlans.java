package io.latchkey.quota.it;

/** The legacy service's plans plus two the tests need: {@code burst} (100 an hour) and {@code tick} (2 every 2 seconds). */
final class TestPlans {

    static final String JSON = "{\"default_plan\": \"free\", \"default_quota\": \"conversation_limit\","
            + " \"daily_reset_utc\": \"00:00\", \"plans\": ["
            + "{\"name\": \"free\", \"quotas\": ["
            + "{\"name\": \"conversation_limit\", \"amount\": 10, \"refill\": \"daily\"},"
            + "{\"name\": \"credits\", \"amount\": 5, \"refill\": \"daily\"},"
            + "{\"name\": \"burst\", \"amount\": 100, \"refill\": \"interval\", \"interval_seconds\": 3600},"
            + "{\"name\": \"tick\", \"amount\": 2, \"refill\": \"interval\", \"interval_seconds\": 2}]},"
            + "{\"name\": \"premium\", \"quotas\": ["
            + "{\"name\": \"conversation_limit\", \"amount\": 100, \"refill\": \"daily\"},"
            + "{\"name\": \"credits\", \"amount\": 50, \"refill\": \"monthly\"}]}]}";

    private TestPlans() {
    }
}
