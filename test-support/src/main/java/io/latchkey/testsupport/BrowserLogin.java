package io.latchkey.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.keycloak.common.util.KeycloakUriBuilder;

/**
 * The authorization code flow with PKCE as a browser runs it: GET the authorization endpoint, submit Keycloak's
 * login forms (username-first or username+password) with cookies kept, take the code off the redirect and redeem
 * it with the verifier. Proves a public SPA client works without a browser binary.
 */
public final class BrowserLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private BrowserLogin() {
    }

    /** @return the token endpoint's JSON response for the user's login through {@code clientId} */
    public static HttpResponse<String> authorizationCodeWithPkce(String realmUrl, String clientId, String redirectUri,
            String username, String password) {
        Map<String, String> cookies = new LinkedHashMap<>();
        String verifier = randomUrlSafe(48);
        String authUrl = KeycloakUriBuilder.fromUri(realmUrl + "/protocol/openid-connect/auth")
                .queryParam("client_id", clientId)
                .queryParam("response_type", "code")
                .queryParam("scope", "openid")
                .queryParam("redirect_uri", redirectUri)
                .queryParam("state", randomUrlSafe(16))
                .queryParam("code_challenge", s256(verifier))
                .queryParam("code_challenge_method", "S256")
                .buildAsString();

        HttpResponse<String> page = send(cookies, HttpRequest.newBuilder(URI.create(authUrl)).GET());
        for (int step = 0; step < 5 && page.statusCode() == 200; step++) {
            Matcher action = FORM_ACTION.matcher(page.body());
            if (!action.find()) {
                throw new AssertionError("No login form on page: " + page.body());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", username);
            if (page.body().contains("name=\"password\"")) {
                fields.put("password", password);
            }
            page = send(cookies, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))));
        }
        HttpResponse<String> last = page;
        String location = last.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Login did not redirect: " + last.statusCode() + " " + last.body()));
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

    /**
     * Sends with the cookies collected so far and keeps the new ones. Done by hand because Keycloak marks its
     * session cookies {@code Secure}, which {@link java.net.CookieManager} then withholds over plain http, while
     * browsers treat http://localhost as a secure context and send them.
     */
    private static HttpResponse<String> send(Map<String, String> cookies, HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream()
                    .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = Http.send(request.timeout(Duration.ofSeconds(30)).build());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return response;
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
