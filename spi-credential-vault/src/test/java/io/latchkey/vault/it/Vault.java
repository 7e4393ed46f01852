package io.latchkey.vault.it;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;

/** The vault's REST API as an app calls it: plain HTTP with a bearer token. */
final class Vault {

    final String base;
    final String adminBase;

    Vault(String realmUrl) {
        this.base = realmUrl + "/credential-vault";
        this.adminBase = realmUrl.replace("/realms/", "/admin/realms/") + "/credential-vault";
    }

    /** Deletes every credential of the token's user, so a test starts from an empty vault. */
    void clear(String token) {
        for (JsonNode credential : json(list(token))) {
            delete(token, credential.get("id").asText());
        }
    }

    /** {@code /admin/realms/{realm}/credential-vault}{@code path} with the given (admin or other) token. */
    HttpResponse<String> admin(String method, String path, String token, String json) {
        return Http.request(method, adminBase + path, token, json);
    }

    HttpResponse<String> list(String token) {
        return Http.get(base + "/credentials", token);
    }

    HttpResponse<String> create(String token, String json) {
        return send("POST", "/credentials", token, json);
    }

    HttpResponse<String> get(String token, String id) {
        return Http.get(base + "/credentials/" + id, token);
    }

    HttpResponse<String> put(String token, String id, String json) {
        return send("PUT", "/credentials/" + id, token, json);
    }

    HttpResponse<String> delete(String token, String id) {
        return send("DELETE", "/credentials/" + id, token, null);
    }

    HttpResponse<String> secret(String token, String id) {
        return Http.get(base + "/credentials/" + id + "/secret", token);
    }

    HttpResponse<String> verify(String token, String json) {
        return send("POST", "/credentials/verify", token, json);
    }

    HttpResponse<String> services(String token) {
        return Http.get(base + "/credentials/services", token);
    }

    HttpResponse<String> backendRead(String token, String userId, String service) {
        return Http.get(base + "/users/" + userId + "/credentials/" + service, token);
    }

    /** Creates and returns the new credential's id, failing the test on anything but 201. */
    String created(String token, String json) {
        HttpResponse<String> response = create(token, json);
        if (response.statusCode() != 201) {
            throw new AssertionError("create failed: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response).get("id").asText();
    }

    HttpResponse<String> send(String method, String path, String token, String json) {
        return Http.request(method, base + path, token, json);
    }

    static JsonNode json(HttpResponse<String> response) {
        return Http.json(response);
    }
}
