import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the cluster checks' programs share: one HTTP client with keep-alive connections to the two nodes (a curl per
 * request would measure process start-up, not the cluster), the admin's token, and keys of the check's user.
 */
final class ClusterClient {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String A = "http://127.0.0.1:8080";
    static final String B = "http://127.0.0.1:8081";
    private static final String PASSWORD = System.getenv("CLUSTER_ADMIN_PASSWORD");
    private static final String OWNER = System.getenv("CLUSTER_USER");
    private static String token;
    private static long tokenAt;

    private ClusterClient() {
    }

    /** The master realm's admin token from node A; such tokens live 60 s, so a fresh one every 20 s. */
    static String adminToken() throws Exception {
        if (token == null || System.nanoTime() - tokenAt > 20_000_000_000L) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(A + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=admin-cli&username=admin&password=" + PASSWORD))
                    .build();
            token = field(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body(), "access_token");
            tokenAt = System.nanoTime();
        }
        return token;
    }

    /** A key of the check's user with one role, made by the admin on node A: its secret and its id. */
    static String[] createKey(String name, String role) throws Exception {
        String body = send("POST", A + "/admin/realms/latchkey/api-keys/keys", adminToken(), "{\"name\":\"" + name
                + "\",\"owner\":\"" + OWNER + "\",\"roles\":[\"" + role + "\"]}").body();
        return new String[] {field(body, "key"), field(body, "id")};
    }

    /** The status {@code node} answers a verify of {@code key} with. */
    static int verify(String node, String key) throws Exception {
        return send("POST", node + "/realms/latchkey/api-keys/verify", key, null).statusCode();
    }

    static HttpResponse<String> send(String method, String url, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + bearer);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
