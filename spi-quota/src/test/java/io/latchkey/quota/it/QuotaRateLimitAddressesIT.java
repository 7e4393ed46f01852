package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.RawHttp;

/**
 * Who the per-address rate limit counts, and how much it remembers, on a server behind a proxy (the client address
 * is X-Forwarded-For's; the addresses are documentation ranges, only ever written in a header). An IPv6 client owns
 * its whole /64 and can pick a new address in it for every request, so the /64 is the client; IPv4 addresses count
 * one by one. The limiter tracks at most {@link QuotaServerConfig.BehindProxy#MAX_CLIENTS} addresses, as the
 * server's metrics show while four times as many arrive; past the bound the address seen least recently is forgotten
 * and a new one is limited as usual.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.BehindProxy.class)
class QuotaRateLimitAddressesIT {

    private static final int LIMIT = 3;
    private static final String METRICS = "http://localhost:9000/metrics";

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String adminToken;
    private String key;

    @BeforeEach
    void aKeyAndALimit() {
        quota = new Quota(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
        key = quota.key("alice");
        // Without deduction: alice's daily quota would answer 429 too, and this test is about the limit's 429 only.
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken,
                "{\"rate_limit_per_minute\": " + LIMIT + ", \"deduct_on_verify\": false}"));
    }

    @AfterEach
    void limitOff() {
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken,
                "{\"rate_limit_per_minute\": 0, \"deduct_on_verify\": true}"));
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareABudgetAndIpv4AddressesCountAlone() {
        for (int attempt = 0; attempt < 2; attempt++) {
            long minute = minute();
            String net = "2001:db8:" + attempt + ":64";
            // Proxies write IPv6 clients bare (HAProxy, nginx) or in brackets; Keycloak parses only the bare form, so
            // both are mixed here: the bracketed ones once all counted as one unknown client.
            List<Integer> sameNetwork = List.of(
                    verifyFrom("[" + net + "::1]"),
                    verifyFrom(net + ":ffff:ffff:ffff:fffe"),
                    verifyFrom("[" + net + ":1234::5]"),
                    verifyFrom(net + "::99"));
            int otherNetwork = verifyFrom("2001:db8:" + attempt + ":65::1");
            int otherBracketed = verifyFrom("[2001:db8:" + attempt + ":66::1]");
            String v4 = "192.0.2." + (10 + attempt * 2);
            List<Integer> oneIpv4 = new ArrayList<>();
            for (int i = 0; i <= LIMIT; i++) {
                oneIpv4.add(verifyFrom(v4));
            }
            int nextIpv4 = verifyFrom("192.0.2." + (11 + attempt * 2));
            if (minute() != minute) {
                continue; // The minute turned mid-test: every count restarted; try again with new addresses.
            }
            assertEquals(List.of(200, 200, 200, 429), sameNetwork, "four addresses of one /64 are one client");
            assertEquals(200, otherNetwork, () -> "the next /64 is another client; the server saw " + seen());
            assertEquals(200, otherBracketed, () -> "a bracketed /64 is another client; the server saw " + seen());
            assertEquals(List.of(200, 200, 200, 429), oneIpv4);
            assertEquals(200, nextIpv4, "the next IPv4 address is another client");
            return;
        }
        throw new AssertionError("could not stay within one minute twice");
    }

    @Test
    void trackedAddressesStayWithinTheBoundAndANewAddressIsStillLimited() {
        int bound = QuotaServerConfig.BehindProxy.MAX_CLIENTS;
        assertEquals(bound, gauge("latchkey_rate_limit_capacity"), "the configured bound");
        for (int attempt = 0; attempt < 2; attempt++) {
            long minute = minute();
            String early = "198.51.100." + (1 + attempt);
            for (int i = 0; i < LIMIT; i++) {
                assertEquals(200, verifyFrom(early));
            }
            int earlyLimited = verifyFrom(early);

            double most = 0;
            for (int i = 0; i < 4 * bound; i++) {
                // Each its own client: a /64 apiece. A malformed key: the limit counts before the key is read.
                assertEquals(401, send("[2001:db8:" + Integer.toHexString(0x100 + attempt) + ":" + Integer.toHexString(i)
                        + "::1]", "Authorization: Bearer not-a-key"));
                if (i % bound == bound - 1) {
                    most = Math.max(most, gauge("latchkey_rate_limit_clients"));
                }
            }

            String fresh = "203.0.113." + (1 + attempt);
            List<Integer> freshAnswers = new ArrayList<>();
            for (int i = 0; i <= LIMIT; i++) {
                freshAnswers.add(verifyFrom(fresh));
            }
            int earlyAfter = verifyFrom(early);
            if (minute() != minute) {
                continue; // A new window forgives every address, which would prove nothing about eviction.
            }
            assertEquals(429, earlyLimited, "limited before the flood");
            assertTrue(most <= bound && most >= bound / 2, "tracked during the flood: " + most + " of " + bound);
            assertTrue(gauge("latchkey_rate_limit_clients") <= bound);
            assertEquals(List.of(200, 200, 200, 429), freshAnswers, "a new address is limited after eviction");
            assertEquals(200, earlyAfter, "the address seen least recently was forgotten, not kept past the bound");
            System.out.println("Rate limit memory: " + 4 * bound + " new clients against a bound of " + bound
                    + "; at most " + (int) most + " tracked");
            return;
        }
        throw new AssertionError("could not stay within one minute twice");
    }

    private int verifyFrom(String forwardedFor) {
        return send(forwardedFor, "Authorization: Bearer " + key);
    }

    private int send(String forwardedFor, String authorization) {
        return RawHttp.send("127.0.0.1", "POST", realm.getBaseUrl() + "/api-keys/verify",
                List.of(authorization, "X-Forwarded-For: " + forwardedFor), null).status();
    }

    /** The addresses the server recorded as the keys' last use (written after the usage flush interval). */
    private String seen() {
        try {
            Thread.sleep(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Http.get(realm.getBaseUrl() + "/api-keys/keys", quota.token("alice")).body().replaceAll(
                ".*?(\"last_used_ip\":\"[^\"]*\")|.+", "$1");
    }

    private static long minute() {
        return Instant.now().getEpochSecond() / 60;
    }

    /** A gauge of the API-key use limiter on Keycloak's metrics endpoint (management port). */
    private static double gauge(String name) {
        String body = Http.get(METRICS, null).body();
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*limiter=\"api-key-use\"[^}]*\\} ([0-9.Ee+-]+)$")
                .matcher(body);
        if (!line.find()) {
            throw new AssertionError(name + " is not on " + METRICS);
        }
        return Double.parseDouble(line.group(1));
    }
}
