package io.latchkey.quota.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quota's amount and refill written as one short text, for the admin console's quota-plans page: {@code 10} (a day),
 * {@code 10 daily}, {@code 50 monthly} or {@code 100 every 3600} (seconds).
 */
public final class Allowance {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,10})(?:\\s+(daily|monthly|every\\s+(\\d{1,8})))?");
    static final String FORMAT = "an amount from 0 to 1000000000, optionally followed by daily, monthly or"
            + " 'every <seconds>' (e.g. 10, 10 daily, 50 monthly, 100 every 3600)";

    private Allowance() {
    }

    /**
     * @throws IllegalArgumentException naming the quota and the expected form
     */
    public static QuotaDefinition parse(String quota, String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        long amount = m.matches() ? Long.parseLong(m.group(1)) : -1;
        if (amount < 0 || amount > 1_000_000_000L) {
            throw new IllegalArgumentException("Quota '" + quota + "': write " + FORMAT + ".");
        }
        if (m.group(3) != null) {
            long seconds = Long.parseLong(m.group(3));
            if (seconds < 1 || seconds > 366L * 86_400) {
                throw new IllegalArgumentException("Quota '" + quota + "': 'every' takes 1 to 31622400 seconds.");
            }
            return new QuotaDefinition(quota, amount, Refill.every(seconds));
        }
        return new QuotaDefinition(quota, amount, "monthly".equals(m.group(2)) ? Refill.MONTHLY : Refill.DAILY);
    }

    /** The canonical text: {@code 10 daily}, {@code 50 monthly}, {@code 100 every 3600}. */
    public static String format(QuotaDefinition quota) {
        Refill refill = quota.refill();
        return quota.amount() + " " + (refill.kind() == Refill.Kind.INTERVAL ? "every " + refill.intervalSeconds()
                : refill.label());
    }
}
