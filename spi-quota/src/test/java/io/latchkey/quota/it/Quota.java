package io.latchkey.quota.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/** The quota and API-key endpoints as apps and admins call them. */
final class Quota {

    final String realmUrl;
    final String adminBase;

    Quota(String realmUrl) {
        this.realmUrl = realmUrl;
        this.adminBase = realmUrl.replace("/realms/", "/admin/realms/") + "/quota";
    }

    String token(String username) {
        return Tokens.password(realmUrl, username, QuotaRealmConfig.PASSWORD);
    }

    /** A new API key of {@code username} with the role reader and the right to post to the message log. */
    String key(String username) {
        HttpResponse<String> created = send("POST", realmUrl + "/api-keys/keys", token(username),
                "{\"name\": \"quota test\", \"roles\": [\"reader\", \"latchkey:quota:log\"]}");
        return expect(201, created).get("key").asText();
    }

    HttpResponse<String> verify(String key, String query) {
        return send("POST", realmUrl + "/api-keys/verify" + query, key, null);
    }

    HttpResponse<String> admin(String method, String path, String token, String json) {
        return send(method, adminBase + path, token, json);
    }

    /**
     * A user's quota answer without the reset times: the test plans' {@code tick} quota refills every 2 seconds, so
     * its reset time moves while a test runs even when nothing changed.
     */
    static JsonNode withoutResetTimes(JsonNode userQuota) {
        JsonNode copy = userQuota.deepCopy();
        copy.path("quotas").forEach(q -> ((ObjectNode) q).remove("reset_at"));
        return copy;
    }

    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
        return Http.json(response);
    }

    static HttpResponse<String> send(String method, String url, String bearer, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return Http.send(builder.build());
    }
}
