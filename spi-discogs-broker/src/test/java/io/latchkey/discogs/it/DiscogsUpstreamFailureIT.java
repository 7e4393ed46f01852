package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.FakeDiscogs.DiscogsUser;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Discogs slow, down or limiting us: the app gets a precise status ({@code Retry-After} passed on), nothing is stored
 * half-way, and a PIN whose exchange Discogs never performed can be retried with the same state.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsUpstreamFailureIT {

    private static final DiscogsUser ALICE_ON_DISCOGS = new DiscogsUser(5150, "alice_up");

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();
    private Discogs discogs;
    private String alice;

    @BeforeEach
    void startClean() {
        fake.reset();
        discogs = new Discogs(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        discogs.revoke(alice);
    }

    @AfterEach
    void nothingHalfStored() throws Exception {
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void discogsServerErrorAtAuthorizeIsBadGateway() {
        fake.failNext(FakeDiscogs.REQUEST_TOKEN_PATH, 500, Map.of(), "oops");

        HttpResponse<String> response = discogs.authorize(alice);

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("{\"detail\":\"Discogs is unavailable right now. Please try again later.\"}", response.body());
    }

    @Test
    void discogsRateLimitIsPassedOnWithRetryAfter() {
        fake.failNext(FakeDiscogs.REQUEST_TOKEN_PATH, 429, Map.of("Retry-After", "7"), "slow down");

        HttpResponse<String> response = discogs.authorize(alice);

        assertEquals(429, response.statusCode(), response.body());
        assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"detail\":\"Discogs is limiting requests. Please try again in 7 seconds.\"}",
                response.body());
    }

    @Test
    void aSlowDiscogsIsAGatewayTimeout() {
        fake.delayNext(FakeDiscogs.REQUEST_TOKEN_PATH,
                Duration.ofSeconds(DiscogsRealmConfig.TIMEOUT_SECONDS + 2));

        HttpResponse<String> response = discogs.authorize(alice);

        assertEquals(504, response.statusCode(), response.body());
        assertEquals("{\"detail\":\"Discogs did not answer in time. Please try again later.\"}", response.body());
    }

    @Test
    void anUnreachableDiscogsIsBadGateway() {
        for (String url : List.of("http://discogs.invalid/oauth/request_token", "http://127.0.0.1:1/oauth/request_token")) {
            DiscogsRealmConfig.setting(realm, "requestTokenUrl", url);
            try {
                HttpResponse<String> response = discogs.authorize(alice);
                assertEquals(502, response.statusCode(), url + ": " + response.body());
                assertEquals("{\"detail\":\"Discogs is unavailable right now. Please try again later.\"}",
                        response.body());
            } finally {
                DiscogsRealmConfig.setting(realm, "requestTokenUrl", fake.baseUrl() + FakeDiscogs.REQUEST_TOKEN_PATH);
            }
        }
    }

    @Test
    void rejectedConsumerCredentialsAreReportedAsConfiguration() {
        fake.failNext(FakeDiscogs.REQUEST_TOKEN_PATH, 401, Map.of(), "Invalid consumer.");

        HttpResponse<String> response = discogs.authorize(alice);

        assertEquals(502, response.statusCode(), response.body());
        assertTrue(response.body().contains("consumer key or secret"), response.body());
    }

    @Test
    void aFailedExchangeStoresNothingAndTheSamePinWorksLater() throws Exception {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);

        for (int status : new int[] {500, 503, 429}) {
            fake.failNext(FakeDiscogs.ACCESS_TOKEN_PATH, status, Map.of("Retry-After", "3"), "down");
            HttpResponse<String> failed = discogs.verify(alice, state, verifier);
            assertEquals(status == 429 ? 429 : 502, failed.statusCode(), failed.body());
            assertNothingStored();
        }
        fake.delayNext(FakeDiscogs.ACCESS_TOKEN_PATH, Duration.ofSeconds(DiscogsRealmConfig.TIMEOUT_SECONDS + 2));
        assertEquals(504, discogs.verify(alice, state, verifier).statusCode());
        assertNothingStored();
        // The delayed exchange did reach Discogs and spent the request token there; a real retry after a timeout
        // would fail the same way, so this test ends here rather than pretending otherwise.
        fake.clearViolations();
    }

    @Test
    void aRetryAfterAServerErrorSucceeds() throws Exception {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);
        fake.failNext(FakeDiscogs.ACCESS_TOKEN_PATH, 502, Map.of(), "bad gateway");
        assertEquals(502, discogs.verify(alice, state, verifier).statusCode());

        HttpResponse<String> retried = discogs.verify(alice, state, verifier);

        assertEquals(200, retried.statusCode(), retried.body());
        assertTrue(Discogs.json(discogs.status(alice)).get("connected").asBoolean());
    }

    @Test
    void anIdentityFailureAfterTheExchangeStoresNothingAndAsksForARestart() throws Exception {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);
        fake.failNext(FakeDiscogs.IDENTITY_PATH, 429, Map.of("Retry-After", "11"), "slow down");

        HttpResponse<String> response = discogs.verify(alice, state, verifier);

        assertEquals(429, response.statusCode(), response.body());
        assertEquals("11", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"detail\":\"Discogs is limiting requests. Please try again in 11 seconds. Please restart the"
                + " OAuth flow.\"}", response.body());
        assertNothingStored();
        assertEquals("{\"detail\":\"OAuth state was already used. Please restart the OAuth flow.\"}",
                discogs.verify(alice, state, verifier).body());
    }

    private void assertNothingStored() throws Exception {
        assertEquals("{\"connected\":false}", discogs.status(alice).body());
        String aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE USER_ID = ?", aliceId));
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_VAULT_CREDENTIAL WHERE USER_ID = ?", aliceId));
    }
}
