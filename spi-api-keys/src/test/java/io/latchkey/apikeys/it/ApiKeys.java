package io.latchkey.apikeys.it;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;

/** The API-key endpoints as apps, gateways and admins call them: plain HTTP. */
final class ApiKeys {

    final String realmUrl;
    final String base;
    final String adminBase;

    ApiKeys(String realmUrl) {
        this.realmUrl = realmUrl;
        this.base = realmUrl + "/api-keys";
        this.adminBase = realmUrl.replace("/realms/", "/admin/realms/") + "/api-keys";
    }

    HttpResponse<String> create(String token, String json) {
        return send("POST", base + "/keys", token, json);
    }

    /** Creates a key with the caller's token and returns the response body (with the key), failing on non-201. */
    JsonNode created(String token, String json) {
        return expect(201, create(token, json));
    }

    HttpResponse<String> list(String token) {
        return send("GET", base + "/keys", token, null);
    }

    HttpResponse<String> get(String token, String id) {
        return send("GET", base + "/keys/" + id, token, null);
    }

    HttpResponse<String> revoke(String token, String id) {
        return send("POST", base + "/keys/" + id + "/revoke", token, null);
    }

    HttpResponse<String> regenerate(String token, String id, String json) {
        return send("POST", base + "/keys/" + id + "/regenerate", token, json);
    }

    HttpResponse<String> verify(String key) {
        return send("POST", base + "/verify", key, null);
    }

    HttpResponse<String> exchange(String key) {
        return Http.postForm(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", ApiKeysRealmConfig.APP,
                "api_key", key));
    }

    HttpResponse<String> admin(String method, String path, String adminToken, String json) {
        return send(method, adminBase + path, adminToken, json);
    }

    JsonNode adminCreated(String adminToken, String json) {
        return expect(201, admin("POST", "/keys", adminToken, json));
    }

    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + ", got " + response.statusCode() + ": " + response.body());
        }
        return Http.json(response);
    }

    static HttpResponse<String> send(String method, String url, String bearer, String json) {
        return Http.request(method, url, bearer, json);
    }
}
