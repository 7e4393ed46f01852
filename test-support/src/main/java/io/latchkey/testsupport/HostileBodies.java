package io.latchkey.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bodies a careless or hostile client sends, each with the status Latchkey's one body reader answers: 415 for what is
 * not JSON, 400 for what is not exactly one JSON object, 413 for what is too large. Every answer carries a sentence in
 * {@code detail}; none is a 5xx.
 */
public final class HostileBodies {

    /** One hostile request: its content type (null for none), body and the expected status. */
    public record Case(String name, String contentType, String body, int status) {
    }

    private static final String BOUNDARY = "latchkey-test-boundary";

    private HostileBodies() {
    }

    /** The cases for an endpoint whose valid body is {@code validJson} (one JSON object). */
    public static List<Case> cases(String validJson) {
        String multipart = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--"
                + BOUNDARY + "--\r\n";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("multipart", "multipart/form-data; boundary=" + BOUNDARY, multipart, 415));
        cases.add(new Case("empty multipart", "multipart/form-data; boundary=" + BOUNDARY, "", 415));
        cases.add(new Case("form", "application/x-www-form-urlencoded", "name=x", 415));
        cases.add(new Case("JSON as text/plain", "text/plain", validJson, 415));
        cases.add(new Case("JSON without a content type", null, validJson, 415));
        cases.add(new Case("trailing junk", "application/json", validJson + " trailing", 400));
        cases.add(new Case("two values", "application/json", validJson + validJson, 400));
        cases.add(new Case("duplicate members", "application/json", "{\"a\": 1, \"a\": 2}", 400));
        cases.add(new Case("an array", "application/json", "[" + validJson + "]", 400));
        cases.add(new Case("deeply nested", "application/json", "{\"a\":".repeat(40) + "1" + "}".repeat(40), 400));
        cases.add(new Case("oversized", "application/json", "{\"a\": \"" + "x".repeat(1_100_000) + "\"}", 413));
        return cases;
    }

    public static HttpResponse<String> send(String method, String url, String bearer, Case c) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.contentType() != null) {
            builder.header("Content-Type", c.contentType());
        }
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return Http.send(builder.build());
    }

    /**
     * Sends every case to {@code method url} and compares the statuses at once; each answer must carry a sentence.
     * The caller checks that nothing was stored.
     */
    public static void check(String method, String url, String bearer, String validJson) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (Case c : cases(validJson)) {
            HttpResponse<String> response = send(method, url, bearer, c);
            expected.put(c.name(), c.status());
            actual.put(c.name(), response.statusCode());
            if (response.statusCode() == c.status()) {
                String detail = Http.json(response).path("detail").asText("");
                if (detail.isBlank()) {
                    actual.put(c.name() + " (no sentence: " + response.body() + ")", response.statusCode());
                }
            }
        }
        assertEquals(expected, actual, method + " " + url);
    }
}
