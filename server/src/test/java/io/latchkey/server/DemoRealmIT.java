package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.BrowserLogin;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Jwt;
import io.latchkey.testsupport.Tokens;

/** The demo realm from realm-export/ imports into the live server and its clients issue real tokens. */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class DemoRealmIT {

    private static final String SPA_REDIRECT = "http://localhost:5173/callback";

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @Test
    void backendClientGetsAServiceAccountToken() {
        ClientResource backend = realm.admin().clients()
                .get(realm.admin().clients().findByClientId("latchkey-backend").get(0).getId());
        String secret = backend.getSecret().getValue();

        JsonNode claims = Jwt.claims(Tokens.clientCredentials(realm.getBaseUrl(), "latchkey-backend", secret));

        assertEquals("latchkey-backend", claims.get("azp").asText());
        assertEquals(realm.getBaseUrl(), claims.get("iss").asText());
        assertEquals("service-account-latchkey-backend", claims.get("preferred_username").asText());
        assertTrue(claims.at("/realm_access/roles").toString().contains("\"credential-vault-reader\""),
                "the demo backend may read users' vault entries: " + claims);
    }

    @Test
    void demoUserSignsInToTheSpaWithPkce() {
        HttpResponse<String> tokens = BrowserLogin.authorizationCodeWithPkce(realm.getBaseUrl(), "latchkey-spa",
                SPA_REDIRECT, "demo", "demo-password-1");

        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonNode claims = Jwt.claims(Tokens.accessToken(tokens));
        assertEquals("demo", claims.get("preferred_username").asText());
        assertEquals("latchkey-spa", claims.get("azp").asText());
    }

    @Test
    void spaRefusesACodeFlowWithoutPkce() {
        HttpResponse<String> page = Http.get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=latchkey-spa"
                + "&response_type=code&scope=openid&redirect_uri=" + SPA_REDIRECT, null);

        assertEquals(302, page.statusCode());
        assertTrue(page.headers().firstValue("Location").orElseThrow().contains("error=invalid_request"),
                page.headers().toString());
    }

    @Test
    void staffRolesAndTheAcmeOrganizationExist() {
        List<String> roles = realm.admin().roles().list().stream().map(RoleRepresentation::getName).toList();
        assertTrue(roles.containsAll(List.of("staff-manager", "staff-support")) && !roles.contains("admin"), roles.toString());

        OrganizationRepresentation acme = realm.admin().organizations().search("acme").get(0);
        assertEquals("acme", acme.getAlias());
        assertEquals(List.of("demo"), realm.admin().organizations().get(acme.getId()).members().list(0, 10)
                .stream().map(m -> m.getUsername()).toList());
    }

    @Test
    void loginPageUsesTheLatchkeyTheme() {
        HttpResponse<String> page = Http.get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=latchkey-spa"
                + "&response_type=code&scope=openid&redirect_uri=" + SPA_REDIRECT
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256", null);

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>Sign in to Latchkey</title>"), page.body());
        assertTrue(page.body().contains("/login/latchkey/"), "theme resources are served from the latchkey theme");
    }

    @Test
    void loginPageOffersDiscogsWhichAsksForItsConsumerKeyFirst() {
        HttpResponse<String> page = Http.get(realm.getBaseUrl() + "/protocol/openid-connect/auth?client_id=latchkey-spa"
                + "&response_type=code&scope=openid&redirect_uri=" + SPA_REDIRECT
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256", null);
        assertTrue(page.body().contains("/broker/discogs/login"), "a Discogs button on the login page");

        // The demo realm ships the provider without consumer credentials: the PIN flow says so rather than failing.
        String demo = Tokens.accessToken(BrowserLogin.authorizationCodeWithPkce(realm.getBaseUrl(), "latchkey-spa",
                SPA_REDIRECT, "demo", "demo-password-1"));
        HttpResponse<String> authorize = Http.get(realm.getBaseUrl() + "/discogs/authorize", demo);
        assertEquals(503, authorize.statusCode(), authorize.body());
        assertTrue(authorize.body().contains("Discogs app credentials not configured"), authorize.body());
        assertTrue(realm.admin().roles().list().stream().anyMatch(r -> "discogs-token-reader".equals(r.getName())));
    }
}
