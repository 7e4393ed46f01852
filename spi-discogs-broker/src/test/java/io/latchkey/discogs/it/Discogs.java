package io.latchkey.discogs.it;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;

/** The Discogs module's REST API as an app calls it: plain HTTP with a bearer token. */
final class Discogs {

    private final String base;

    Discogs(String realmUrl) {
        this.base = realmUrl + "/discogs";
    }

    HttpResponse<String> authorize(String token) {
        return Http.get(base + "/authorize", token);
    }

    /** Starts the PIN flow and returns its JSON ({@code authorize_url}, {@code state}, {@code expires_in}). */
    JsonNode started(String token) {
        HttpResponse<String> response = authorize(token);
        if (response.statusCode() != 200) {
            throw new AssertionError("authorize failed: " + response.statusCode() + " " + response.body());
        }
        return Http.json(response);
    }

    HttpResponse<String> verify(String token, String json) {
        return send("POST", "/verify", token, json);
    }

    HttpResponse<String> verify(String token, String state, String verifier) {
        return verify(token, "{\"state\": \"" + state + "\", \"verifier\": \"" + verifier + "\"}");
    }

    HttpResponse<String> status(String token) {
        return Http.get(base + "/status", token);
    }

    HttpResponse<String> revoke(String token) {
        return send("DELETE", "/revoke", token, null);
    }

    HttpResponse<String> backendRead(String token, String userId) {
        return Http.get(base + "/users/" + userId + "/token", token);
    }

    HttpResponse<String> send(String method, String path, String token, String json) {
        return Http.request(method, base + path, token, json);
    }

    static JsonNode json(HttpResponse<String> response) {
        return Http.json(response);
    }
}
