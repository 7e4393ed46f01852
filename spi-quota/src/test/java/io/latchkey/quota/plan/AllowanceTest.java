package io.latchkey.quota.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowanceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10|10 daily",
            "10 daily|10 daily",
            "  10   DAILY |10 daily",
            "0|0 daily",
            "50 monthly|50 monthly",
            "100 every 3600|100 every 3600",
            "1000000000 every 31622400|1000000000 every 31622400"})
    void readsAndWritesTheCanonicalForm(String text, String canonical) {
        assertEquals(canonical, Allowance.format(Allowance.parse("q", text)));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "ten", "-1", "1.5", "1000000001", "99999999999", "10 weekly", "10 every",
            "10 every 0", "10 every 31622401", "10 every -5", "10 daily extra", "10 monthly every 5", "<script>"})
    void refusesAnythingElseNamingTheQuota(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Allowance.parse("credits", text));
        assertTrue(e.getMessage().startsWith("Quota 'credits': "), e.getMessage());
    }

    @Test
    void parsesTheRefill() {
        assertEquals(Refill.every(60), Allowance.parse("q", "5 every 60").refill());
        assertEquals(Refill.MONTHLY, Allowance.parse("q", "5 monthly").refill());
        assertEquals(5, Allowance.parse("q", "5 monthly").amount());
    }
}
