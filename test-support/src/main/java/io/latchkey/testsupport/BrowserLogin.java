package io.latchkey.testsupport;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.common.util.KeycloakUriBuilder;

/**
 * The authorization code flow with PKCE as a browser runs it: GET the authorization endpoint, submit Keycloak's
 * login forms (username-first or username+password) with cookies kept, take the code off the redirect and redeem
 * it with the verifier. Proves a public SPA client works without a browser binary.
 */
public final class BrowserLogin {

    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private BrowserLogin() {
    }

    /** @return the token endpoint's JSON response for the user's login through {@code clientId} */
    public static HttpResponse<String> authorizationCodeWithPkce(String realmUrl, String clientId, String redirectUri,
            String username, String password) {
        return login(new Browser(), realmUrl, clientId, redirectUri, username, password);
    }

    /** As {@link #authorizationCodeWithPkce}, in {@code browser}, which keeps the SSO session cookies afterwards. */
    public static HttpResponse<String> login(Browser browser, String realmUrl, String clientId, String redirectUri,
            String username, String password) {
        Pkce pkce = Pkce.create();
        HttpResponse<String> page = browser.get(pkce.authorizationUrl(realmUrl, clientId, redirectUri, Map.of()));
        for (int step = 0; step < 5 && page.statusCode() == 200; step++) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", username);
            if (page.body().contains("name=\"password\"")) {
                fields.put("password", password);
            }
            page = browser.submit(page, fields);
        }
        return pkce.redeem(realmUrl, clientId, redirectUri, Browser.location(page));
    }

    /** A PKCE verifier and the authorization request and code redemption that use it. */
    public record Pkce(String verifier) {

        public static Pkce create() {
            return new Pkce(randomUrlSafe(48));
        }

        public String authorizationUrl(String realmUrl, String clientId, String redirectUri,
                Map<String, String> extraParams) {
            KeycloakUriBuilder uri = KeycloakUriBuilder.fromUri(realmUrl + "/protocol/openid-connect/auth")
                    .queryParam("client_id", clientId)
                    .queryParam("response_type", "code")
                    .queryParam("scope", "openid")
                    .queryParam("redirect_uri", redirectUri)
                    .queryParam("state", randomUrlSafe(16))
                    .queryParam("code_challenge", s256(verifier))
                    .queryParam("code_challenge_method", "S256");
            extraParams.forEach(uri::queryParam);
            return uri.buildAsString();
        }

        /** Redeems the code on {@code location} (the redirect to the app) at the token endpoint. */
        public HttpResponse<String> redeem(String realmUrl, String clientId, String redirectUri, String location) {
            Matcher code = CODE.matcher(location);
            if (!location.startsWith(redirectUri) || !code.find()) {
                throw new AssertionError("Unexpected redirect: " + location);
            }
            return Http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                    "grant_type", "authorization_code",
                    "client_id", clientId,
                    "redirect_uri", redirectUri,
                    "code", code.group(1),
                    "code_verifier", verifier));
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
