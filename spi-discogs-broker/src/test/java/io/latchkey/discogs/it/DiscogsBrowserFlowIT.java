package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.FakeDiscogs.DiscogsUser;
import io.latchkey.testsupport.Browser;
import io.latchkey.testsupport.BrowserLogin;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * "Sign in with Discogs" through Keycloak's own pages, as a browser walks them: a new user registers through the
 * first-login flow, an existing user links Discogs from the account console's "link account" action, and a denial or an
 * upstream failure ends on Keycloak's error page with nothing stored.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsBrowserFlowIT {

    private static final String CLIENT = "account-console";

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    private final FakeDiscogs fake = FakeDiscogs.shared();
    private String redirectUri;

    @BeforeEach
    void startClean() {
        fake.reset();
        redirectUri = realm.getBaseUrl() + "/account/";
    }

    @AfterEach
    void discogsSawOnlyCorrectRequests() {
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void aNewUserSignsUpWithDiscogs() throws Exception {
        fake.loginAs(new DiscogsUser(9001, "newbie_digs"));
        Browser browser = new Browser();
        BrowserLogin.Pkce pkce = BrowserLogin.Pkce.create();

        HttpResponse<String> reviewProfile = browser.navigate(signInWithDiscogs(pkce), this::isApp);
        assertEquals(200, reviewProfile.statusCode(), reviewProfile.body());
        assertTrue(reviewProfile.body().contains("newbie_digs"), "the Discogs username is proposed");
        HttpResponse<String> done = browser.follow(browser.submit(reviewProfile, Map.of(
                "email", "newbie@latchkey.test", "firstName", "New", "lastName", "Bie")), this::isApp);
        HttpResponse<String> tokens = pkce.redeem(realm.getBaseUrl(), CLIENT, redirectUri, Browser.location(done));

        String accessToken = Tokens.accessToken(tokens);
        UserRepresentation user = realm.admin().users().search("newbie_digs", true).get(0);
        assertEquals("newbie@latchkey.test", user.getEmail());
        List<FederatedIdentityRepresentation> links = realm.admin().users().get(user.getId()).getFederatedIdentity();
        assertEquals(1, links.size());
        assertEquals("9001", links.get(0).getUserId());
        JsonNode status = Discogs.json(new Discogs(realm.getBaseUrl()).status(accessToken));
        assertTrue(status.get("connected").asBoolean(), status.toString());
        assertEquals("newbie_digs", status.get("discogs_username").asText());
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE TOKEN IS NOT NULL"),
                "Keycloak's own token column stays empty");

        // The next sign-in finds the linked user directly, and the stored token is refreshed.
        Browser again = new Browser();
        BrowserLogin.Pkce second = BrowserLogin.Pkce.create();
        HttpResponse<String> back = again.navigate(signInWithDiscogs(second), this::isApp);
        assertFalse(Tokens.accessToken(second.redeem(realm.getBaseUrl(), CLIENT, redirectUri,
                Browser.location(back))).isEmpty());
        assertEquals(1, realm.admin().users().search("newbie_digs", true).size());
    }

    @Test
    void anExistingUserLinksDiscogsFromTheAccountConsole() {
        grantAccountConsoleRoles(UserRealmConfig.ALICE);
        Browser browser = new Browser();
        String alice = Tokens.accessToken(BrowserLogin.login(browser, realm.getBaseUrl(), CLIENT, redirectUri,
                UserRealmConfig.ALICE, UserRealmConfig.PASSWORD));
        fake.loginAs(new DiscogsUser(4711, "alice_links"));

        // What the account console does when the user clicks "Link account": an application-initiated action.
        BrowserLogin.Pkce pkce = BrowserLogin.Pkce.create();
        HttpResponse<String> confirm = browser.navigate(pkce.authorizationUrl(realm.getBaseUrl(), CLIENT,
                redirectUri, Map.of("kc_action", "idp_link:" + DiscogsRealmConfig.ALIAS)), this::isApp);
        assertTrue(confirm.body().contains("Do you want to link your account with Discogs?"), confirm.body());
        HttpResponse<String> done = browser.follow(browser.submit(confirm, Map.of("continue", "")), this::isApp);

        assertTrue(Browser.isRedirect(done), "back in the app: " + done.statusCode() + " " + done.body());
        assertTrue(Browser.location(done).contains("kc_action_status=success"), Browser.location(done));
        String aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
        List<FederatedIdentityRepresentation> links = realm.admin().users().get(aliceId).getFederatedIdentity();
        assertEquals(1, links.size());
        assertEquals("alice_links", links.get(0).getUserName());
        JsonNode status = Discogs.json(new Discogs(realm.getBaseUrl()).status(alice));
        assertTrue(status.get("connected").asBoolean(), status.toString());
        assertEquals("4711", status.get("discogs_user_id").asText());
    }

    @Test
    void denyingOnDiscogsEndsOnKeycloaksPageWithNothingStored() throws Exception {
        fake.loginAs(new DiscogsUser(9100, "denier_digs"));
        fake.denyNext();

        HttpResponse<String> page = new Browser().navigate(signInWithDiscogs(BrowserLogin.Pkce.create()), this::isApp);

        assertFalse(Browser.isRedirect(page), "no code for the app: " + page.headers().map());
        assertEquals(0, realm.admin().users().search("denier_digs", true).size());
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE FEDERATED_USER_ID = ?",
                "9100"));
        assertEquals(0, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH));
    }

    @Test
    void aCallbackWithoutVerifierOrReplayedIsRefused() throws Exception {
        fake.loginAs(new DiscogsUser(9300, "tamper_digs"));
        Browser browser = new Browser();
        HttpResponse<String> toDiscogs = browser.navigate(signInWithDiscogs(BrowserLogin.Pkce.create()),
                location -> location.startsWith(fake.baseUrl()));
        String callback = Browser.location(browser.get(Browser.location(toDiscogs)));
        assertTrue(callback.contains("oauth_verifier="), callback);

        HttpResponse<String> withoutVerifier = browser.follow(browser.get(callback.replaceAll("&oauth_verifier=[^&]*",
                "")), this::isApp);
        HttpResponse<String> replayed = browser.follow(browser.get(callback), this::isApp);

        for (HttpResponse<String> page : List.of(withoutVerifier, replayed)) {
            assertFalse(Browser.isRedirect(page) && isApp(Browser.location(page)), "no code for the app");
        }
        assertTrue(withoutVerifier.body().contains("Discogs did not confirm the sign-in"), withoutVerifier.body());
        assertEquals(0, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH), "nothing was exchanged");
        assertEquals(0, realm.admin().users().search("tamper_digs", true).size());
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE FEDERATED_USER_ID = ?",
                "9300"));
    }

    @Test
    void anUpstreamFailureShowsTheReasonAndStoresNothing() throws Exception {
        fake.loginAs(new DiscogsUser(9200, "unlucky_digs"));
        fake.failNext(FakeDiscogs.ACCESS_TOKEN_PATH, 503, Map.of(), "maintenance");

        HttpResponse<String> page = new Browser().navigate(signInWithDiscogs(BrowserLogin.Pkce.create()), this::isApp);

        assertFalse(Browser.isRedirect(page), "no code for the app: " + page.headers().map());
        assertTrue(page.body().contains("Discogs is unavailable right now"), page.body());
        assertEquals(0, realm.admin().users().search("unlucky_digs", true).size());
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM FEDERATED_IDENTITY WHERE FEDERATED_USER_ID = ?",
                "9200"));
    }

    @Test
    void aRateLimitAtTheStartSaysWhenToComeBack() {
        fake.failNext(FakeDiscogs.REQUEST_TOKEN_PATH, 429, Map.of("Retry-After", "30"), "slow down");

        HttpResponse<String> page = new Browser().navigate(signInWithDiscogs(BrowserLogin.Pkce.create()), this::isApp);

        assertEquals(502, page.statusCode(), page.body());
        assertTrue(page.body().contains("Please try again in 30 seconds"), page.body());
    }

    /** What a realm's default roles give every user; the test realm's users are created without them. */
    private void grantAccountConsoleRoles(String username) {
        String userId = realm.admin().users().search(username, true).get(0).getId();
        ClientRepresentation account = realm.admin().clients().findByClientId("account").get(0);
        List<RoleRepresentation> roles = List.of("manage-account", "manage-account-links", "view-profile").stream()
                .map(role -> realm.admin().clients().get(account.getId()).roles().get(role).toRepresentation())
                .toList();
        realm.admin().users().get(userId).roles().clientLevel(account.getId()).add(roles);
    }

    private String signInWithDiscogs(BrowserLogin.Pkce pkce) {
        return pkce.authorizationUrl(realm.getBaseUrl(), CLIENT, redirectUri,
                Map.of("kc_idp_hint", DiscogsRealmConfig.ALIAS));
    }

    private boolean isApp(String location) {
        return location.startsWith(redirectUri);
    }
}
