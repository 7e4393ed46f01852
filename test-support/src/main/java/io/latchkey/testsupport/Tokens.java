package io.latchkey.testsupport;

import java.net.http.HttpResponse;
import java.util.Map;

/** Real access tokens from the realm's token endpoint. */
public final class Tokens {

    private Tokens() {
    }

    /**
     * A user's access token by the password grant of the realm's built-in {@code admin-cli} client (public, direct
     * grants on): tests use it where the browser flow is not what they prove.
     */
    public static String password(String realmUrl, String username, String password) {
        return accessToken(Http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", username, "password", password)));
    }

    public static String clientCredentials(String realmUrl, String clientId, String secret) {
        return accessToken(Http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)));
    }

    public static String accessToken(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("Token request failed: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response).get("access_token").asText();
    }
}
