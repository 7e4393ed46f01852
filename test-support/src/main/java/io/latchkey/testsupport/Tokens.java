package io.latchkey.testsupport;

import java.net.http.HttpResponse;
import java.util.Map;

import org.keycloak.testframework.realm.ClientBuilder;

/** Real access tokens from the realm's token endpoint. */
public final class Tokens {

    private Tokens() {
    }

    /** The public client, with direct grants and full scope, that test realms give their users' apps. */
    public static final String TEST_APP = "test-app";

    /** {@link #TEST_APP} as a client of a test realm. */
    public static ClientBuilder testApp() {
        return ClientBuilder.create().clientId(TEST_APP).publicClient(true).directAccessGrantsEnabled(true)
                .fullScopeEnabled(true);
    }

    /**
     * A user's access token by the password grant of the realm's {@link #TEST_APP} client: tests use it where the
     * browser flow is not what they prove. Not Keycloak's {@code admin-cli}: its role scope is limited to
     * administration, so its tokens carry none of Latchkey's roles and are not meant for Latchkey.
     */
    public static String password(String realmUrl, String username, String password) {
        return password(realmUrl, TEST_APP, username, password);
    }

    /** A user's access token by the password grant of {@code clientId} (public, direct grants on). */
    public static String password(String realmUrl, String clientId, String username, String password) {
        return accessToken(Http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password)));
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
