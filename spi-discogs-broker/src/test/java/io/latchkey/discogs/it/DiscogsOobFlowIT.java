package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.FakeDiscogs.DiscogsUser;
import io.latchkey.discogs.oauth.DiscogsClient;
import io.latchkey.discogs.oauth.DiscogsEndpoints;
import io.latchkey.discogs.oauth.SignatureMethod;
import io.latchkey.discogs.oauth.TokenPair;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The out-of-band (PIN) flow apps of the legacy Discogs service use: authorize, verify, status, revoke, and the
 * backend read of the stored token.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsOobFlowIT {

    private static final DiscogsUser ALICE_ON_DISCOGS = new DiscogsUser(424242, "alice_digs");

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();
    private Discogs discogs;
    private String alice;
    private String bob;

    @BeforeEach
    void startClean() {
        fake.reset();
        discogs = new Discogs(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        bob = Tokens.password(realm.getBaseUrl(), UserRealmConfig.BOB, UserRealmConfig.PASSWORD);
        discogs.revoke(alice);
        discogs.revoke(bob);
    }

    @AfterEach
    void discogsSawOnlyCorrectRequests() {
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void pinFlowConnectsStoresTheTokenAndLinksTheIdentity() {
        JsonNode started = discogs.started(alice);
        String authorizeUrl = started.get("authorize_url").asText();
        assertTrue(authorizeUrl.startsWith(fake.baseUrl() + FakeDiscogs.AUTHORIZE_PATH + "?oauth_token="), authorizeUrl);
        assertEquals(600, started.get("expires_in").asInt());
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(authorizeUrl), ALICE_ON_DISCOGS);

        HttpResponse<String> verified = discogs.verify(alice, started.get("state").asText(), verifier);

        assertEquals(200, verified.statusCode(), verified.body());
        assertEquals("{\"connected\":true,\"discogs_username\":\"alice_digs\",\"discogs_user_id\":\"424242\"}",
                verified.body());
        JsonNode status = Discogs.json(discogs.status(alice));
        assertTrue(status.get("connected").asBoolean());
        assertEquals("alice_digs", status.get("discogs_username").asText());
        assertEquals("424242", status.get("discogs_user_id").asText());
        assertTrue(status.get("connected_at").asText().endsWith("Z"), status.toString());

        List<FederatedIdentityRepresentation> links = realm.admin().users().get(userId(UserRealmConfig.ALICE))
                .getFederatedIdentity();
        assertEquals(1, links.size());
        assertEquals("424242", links.get(0).getUserId());
        assertEquals("alice_digs", links.get(0).getUserName());
        assertEquals(DiscogsRealmConfig.ALIAS, links.get(0).getIdentityProvider());
        assertEquals("{\"connected\":false}", discogs.status(bob).body());
    }

    @Test
    void theLegacyOauthVerifierFieldIsAcceptedToo() {
        JsonNode started = discogs.started(alice);
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);

        HttpResponse<String> verified = discogs.verify(alice, "{\"state\": \"" + started.get("state").asText()
                + "\", \"oauth_verifier\": \"" + verifier + "\"}");

        assertEquals(200, verified.statusCode(), verified.body());
    }

    @Test
    void backendReaderGetsAWorkingTokenAndEachReadIsAnEvent() throws Exception {
        connect(alice, ALICE_ON_DISCOGS);
        String aliceId = userId(UserRealmConfig.ALICE);
        String curator = Tokens.clientCredentials(realm.getBaseUrl(), DiscogsRealmConfig.READER_CLIENT,
                DiscogsRealmConfig.CLIENT_SECRET);

        HttpResponse<String> read = discogs.backendRead(curator, aliceId);

        assertEquals(200, read.statusCode(), read.body());
        JsonNode body = Discogs.json(read);
        assertEquals(aliceId, body.get("user_id").asText());
        assertEquals("424242", body.get("discogs_user_id").asText());
        assertEquals("alice_digs", body.get("discogs_username").asText());
        TokenPair token = new TokenPair(body.get("oauth_token").asText(), body.get("oauth_token_secret").asText());
        // The token is the one Discogs issued: it signs a request the fake accepts as Alice.
        assertEquals("alice_digs", fakeClient().identity(token).username());

        List<EventRepresentation> events = realm.admin().getEvents(List.of("IDENTITY_PROVIDER_RETRIEVE_TOKEN"), null,
                aliceId, null, null, null, 0, 50);
        EventRepresentation event = events.stream()
                .filter(e -> DiscogsRealmConfig.READER_CLIENT.equals(e.getClientId())).findFirst()
                .orElseThrow(() -> new AssertionError("no read event: " + events));
        assertEquals("service-account-" + DiscogsRealmConfig.READER_CLIENT, event.getDetails().get("reader"));
        assertEquals(DiscogsRealmConfig.ALIAS, event.getDetails().get("identity_provider"));
        assertFalse(event.getDetails().toString().contains(token.secret()));
    }

    @Test
    void onlyTheReaderServiceAccountMayReadTokens() {
        connect(alice, ALICE_ON_DISCOGS);
        String aliceId = userId(UserRealmConfig.ALICE);
        String other = Tokens.clientCredentials(realm.getBaseUrl(), DiscogsRealmConfig.OTHER_CLIENT,
                DiscogsRealmConfig.CLIENT_SECRET);

        for (String token : List.of(other, alice)) {
            HttpResponse<String> response = discogs.backendRead(token, aliceId);
            assertEquals(403, response.statusCode(), response.body());
            assertTrue(response.body().contains("discogs-token-reader"), response.body());
            assertFalse(response.body().contains("oauth_token"));
        }
        assertEquals(401, discogs.backendRead(null, aliceId).statusCode());
        String curator = Tokens.clientCredentials(realm.getBaseUrl(), DiscogsRealmConfig.READER_CLIENT,
                DiscogsRealmConfig.CLIENT_SECRET);
        assertEquals(404, discogs.backendRead(curator, userId(UserRealmConfig.BOB)).statusCode());
        assertEquals(404, discogs.backendRead(curator, "00000000-0000-0000-0000-000000000000").statusCode());
    }

    @Test
    void revokeForgetsTheTokenAndTheLink() {
        connect(alice, ALICE_ON_DISCOGS);

        HttpResponse<String> revoked = discogs.revoke(alice);

        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("{\"revoked\":true}", revoked.body());
        assertEquals("{\"connected\":false}", discogs.status(alice).body());
        assertTrue(realm.admin().users().get(userId(UserRealmConfig.ALICE)).getFederatedIdentity().isEmpty());
        String curator = Tokens.clientCredentials(realm.getBaseUrl(), DiscogsRealmConfig.READER_CLIENT,
                DiscogsRealmConfig.CLIENT_SECRET);
        assertEquals(404, discogs.backendRead(curator, userId(UserRealmConfig.ALICE)).statusCode());
        assertEquals(200, discogs.revoke(alice).statusCode(), "revoking twice is harmless");
    }

    @Test
    void unlinkingInKeycloakAlsoForgetsTheToken() {
        connect(alice, ALICE_ON_DISCOGS);

        realm.admin().users().get(userId(UserRealmConfig.ALICE)).removeFederatedIdentity(DiscogsRealmConfig.ALIAS);

        assertEquals("{\"connected\":false}", discogs.status(alice).body());
    }

    @Test
    void aStateWorksOnce() {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);
        assertEquals(200, discogs.verify(alice, state, verifier).statusCode());

        HttpResponse<String> replay = discogs.verify(alice, state, verifier);

        assertEquals(400, replay.statusCode(), replay.body());
        assertEquals("{\"detail\":\"OAuth state was already used. Please restart the OAuth flow.\"}", replay.body());
        assertEquals(1, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH), "the replay never reached Discogs");
    }

    @Test
    void anotherUsersStateIsRefusedAndStaysUsableByItsOwner() {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);

        HttpResponse<String> foreign = discogs.verify(bob, state, verifier);

        assertEquals(400, foreign.statusCode(), foreign.body());
        assertEquals("{\"detail\":\"OAuth state was issued to another user.\"}", foreign.body());
        assertEquals("{\"connected\":false}", discogs.status(bob).body());
        assertEquals(200, discogs.verify(alice, state, verifier).statusCode());
    }

    @Test
    void anExpiredStateIsRefused() throws Exception {
        DiscogsRealmConfig.setting(realm, "oobStateLifespanSeconds", "1");
        try {
            JsonNode started = discogs.started(alice);
            assertEquals(1, started.get("expires_in").asInt());
            String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                    ALICE_ON_DISCOGS);
            Thread.sleep(1500);

            HttpResponse<String> late = discogs.verify(alice, started.get("state").asText(), verifier);

            assertEquals(400, late.statusCode(), late.body());
            assertEquals("{\"detail\":\"OAuth state expired. Please restart the OAuth flow.\"}", late.body());
            assertEquals(0, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH));
        } finally {
            DiscogsRealmConfig.setting(realm, "oobStateLifespanSeconds", "600");
        }
    }

    @Test
    void anUnknownStateIsRefused() {
        HttpResponse<String> response = discogs.verify(alice, "never-issued", "123");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("{\"detail\":\"OAuth state not found or expired. Please restart the OAuth flow.\"}",
                response.body());
    }

    @Test
    void aMistypedPinCanBeCorrected() {
        JsonNode started = discogs.started(alice);
        String state = started.get("state").asText();
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);

        HttpResponse<String> wrong = discogs.verify(alice, state, "WRONG" + verifier);
        fake.clearViolations();

        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("{\"detail\":\"Invalid verifier code or OAuth flow failed.\"}", wrong.body());
        assertEquals("{\"connected\":false}", discogs.status(alice).body());
        assertEquals(200, discogs.verify(alice, state, verifier).statusCode());
    }

    @Test
    void aDiscogsAccountConnectedToAnotherUserIsRefused() {
        connect(alice, ALICE_ON_DISCOGS);

        JsonNode started = discogs.started(bob);
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()),
                ALICE_ON_DISCOGS);
        HttpResponse<String> response = discogs.verify(bob, started.get("state").asText(), verifier);

        assertEquals(409, response.statusCode(), response.body());
        assertEquals("{\"detail\":\"This Discogs account is already connected to another user.\"}", response.body());
        assertEquals("{\"connected\":false}", discogs.status(bob).body());
        assertTrue(Discogs.json(discogs.status(alice)).get("connected").asBoolean());
    }

    @Test
    void reconnectingAnotherDiscogsAccountReplacesTheFirst() {
        connect(alice, ALICE_ON_DISCOGS);

        connect(alice, new DiscogsUser(777, "alice_second"));

        JsonNode status = Discogs.json(discogs.status(alice));
        assertEquals("alice_second", status.get("discogs_username").asText());
        List<FederatedIdentityRepresentation> links = realm.admin().users().get(userId(UserRealmConfig.ALICE))
                .getFederatedIdentity();
        assertEquals(1, links.size());
        assertEquals("777", links.get(0).getUserId());
    }

    @Test
    void everyEndpointNeedsABearerToken() {
        assertEquals(401, discogs.authorize(null).statusCode());
        assertEquals(401, discogs.verify(null, "{\"state\": \"s\", \"verifier\": \"v\"}").statusCode());
        assertEquals(401, discogs.status(null).statusCode());
        assertEquals(401, discogs.revoke(null).statusCode());
        assertEquals(401, discogs.status("not-a-token").statusCode());
    }

    @Test
    void anUnknownProviderIsNotFound() {
        HttpResponse<String> response = Http.get(realm.getBaseUrl() + "/discogs/status?provider=nope", alice);

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("{\"detail\":\"This realm has no enabled Discogs identity provider 'nope'.\"}", response.body());
    }

    private void connect(String token, DiscogsUser user) {
        JsonNode started = discogs.started(token);
        String verifier = fake.approve(FakeDiscogs.requestTokenOf(started.get("authorize_url").asText()), user);
        HttpResponse<String> verified = discogs.verify(token, started.get("state").asText(), verifier);
        assertEquals(200, verified.statusCode(), verified.body());
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private DiscogsClient fakeClient() {
        return new DiscogsClient(new DiscogsEndpoints(
                fake.baseUrl() + FakeDiscogs.REQUEST_TOKEN_PATH, fake.baseUrl() + FakeDiscogs.AUTHORIZE_PATH,
                fake.baseUrl() + FakeDiscogs.ACCESS_TOKEN_PATH, fake.baseUrl() + FakeDiscogs.IDENTITY_PATH,
                FakeDiscogs.CONSUMER_KEY, FakeDiscogs.CONSUMER_SECRET, SignatureMethod.PLAINTEXT,
                FakeDiscogs.USER_AGENT, java.time.Duration.ofSeconds(5)));
    }
}
