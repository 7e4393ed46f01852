package io.latchkey.quota.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class QuotaSettingsTest {

    /** The attributes in the order {@link QuotaSettings#parsed(org.keycloak.models.RealmModel)} reads them. */
    private static List<String> raw(String rateLimit, String allowListEnabled, String allowList, String retention,
            String deduct) {
        return Arrays.asList(rateLimit, allowListEnabled, allowList, retention, deduct);
    }

    @Test
    void unchangedAttributesAreParsedOnce() {
        QuotaSettings.Parsed first = QuotaSettings.parsed("realm-once",
                raw("60", "true", "10.0.0.0/8 ::1", "30", null));
        // Equal strings, not the same instances: what a realm cache reload hands over.
        QuotaSettings.Parsed second = QuotaSettings.parsed("realm-once",
                raw(new String("60"), "true", new String("10.0.0.0/8 ::1"), "30", null));

        assertSame(first, second);
        assertEquals(List.of("10.0.0.0/8", "0:0:0:0:0:0:0:1/128"),
                first.allowedRanges().stream().map(Object::toString).toList());
    }

    @Test
    void aChangedAttributeIsParsedAtItsFirstRead() {
        QuotaSettings.Parsed before = QuotaSettings.parsed("realm-changed",
                raw("60", "true", "10.0.0.0/8", "30", null));

        QuotaSettings.Parsed after = QuotaSettings.parsed("realm-changed", raw("60", "true", "192.168.0.0/16", "30",
                "false"));

        assertNotSame(before, after);
        assertFalse(after.allows("10.1.2.3"));
        assertTrue(after.allows("192.168.4.5"));
        assertFalse(after.settings().deductOnVerify());
        assertSame(after, QuotaSettings.parsed("realm-changed", raw("60", "true", "192.168.0.0/16", "30", "false")));
    }

    @Test
    void realmsKeepTheirOwnSettings() {
        QuotaSettings.Parsed a = QuotaSettings.parsed("realm-a", raw("5", null, null, null, null));
        QuotaSettings.Parsed b = QuotaSettings.parsed("realm-b", raw("7", null, null, null, null));

        assertSame(a, QuotaSettings.parsed("realm-a", raw("5", null, null, null, null)));
        assertEquals(5, a.settings().rateLimitPerMinute());
        assertEquals(7, b.settings().rateLimitPerMinute());
    }

    @Test
    void missingAttributesMeanTheDefaultsAndAnOpenAllowList() {
        QuotaSettings.Parsed parsed = QuotaSettings.parsed("realm-defaults", raw(null, null, null, null, null));

        assertEquals(new QuotaSettings(0, false, List.of(), QuotaSettings.DEFAULT_RETENTION_DAYS, true),
                parsed.settings());
        assertTrue(parsed.allows("203.0.113.9"));
    }

    @Test
    void anEnabledAllowListAdmitsOnlyItsRangesAndAnEntryThatIsNotARangeAdmitsNobody() {
        QuotaSettings.Parsed parsed = QuotaSettings.parsed("realm-list", raw(null, "true", "localhost example.org",
                null, null));

        assertEquals(List.of("localhost"), parsed.allowedRanges().stream().map(Object::toString).toList());
        assertTrue(parsed.allows("127.0.0.1"));
        assertFalse(parsed.allows("203.0.113.9"));
        assertFalse(parsed.allows("example.org"));
    }

    @Test
    void aForgottenRealmIsParsedAgain() {
        QuotaSettings.Parsed before = QuotaSettings.parsed("realm-gone", raw("1", null, null, null, null));

        QuotaSettings.forget("realm-gone");

        assertNotSame(before, QuotaSettings.parsed("realm-gone", raw("1", null, null, null, null)));
    }
}
