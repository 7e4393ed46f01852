package io.latchkey.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A strict stand-in for Discogs' OAuth 1.0a endpoints (RFC 5849), so integration tests can drive the broker without
 * the internet. Base URL + {@code /oauth/...} mirrors both api.discogs.com and www.discogs.com. Every API call is
 * checked as Discogs would; a failed check answers 401 (403 for the User-Agent) and is also kept in
 * {@link #violations()}, because a browser test only sees "login failed" and should still be able to say why.
 */
public final class FakeDiscogs {

    public static final String CONSUMER_KEY = "latchkey-test-consumer";
    /** Reserved characters on purpose: a client that forgets to percent-encode the secret fails every signature. */
    public static final String CONSUMER_SECRET = "cs+/=s3cret&more";
    public static final String USER_AGENT = "LatchkeyTest/1.0 +https://latchkey.test";
    public static final String REQUEST_TOKEN_PATH = "/oauth/request_token";
    public static final String AUTHORIZE_PATH = "/oauth/authorize";
    public static final String ACCESS_TOKEN_PATH = "/oauth/access_token";
    public static final String IDENTITY_PATH = "/oauth/identity";
    public static final String PLAINTEXT = "PLAINTEXT";
    public static final String HMAC_SHA1 = "HMAC-SHA1";

    private static final long MAX_CLOCK_SKEW_SECONDS = 300;
    private static final Duration REQUEST_TOKEN_TTL = Duration.ofMinutes(15);
    private static final Pattern AUTH_PARAM = Pattern.compile("\\s*([A-Za-z0-9_.~-]+)\\s*=\\s*\"([^\"]*)\"\\s*(?:,|$)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static FakeDiscogs shared;

    /** A Discogs account, as {@code /oauth/identity} reports it. */
    public record DiscogsUser(long id, String username) {
    }

    /** One queued answer for a path: a canned failure, or (with a delay) normal service after a pause. */
    private record Injection(int status, Map<String, String> headers, String body, Duration delay) {
    }

    private record AccessToken(String secret, DiscogsUser user) {
    }

    /** A failed check; its status and message become the answer. */
    private static final class Rejection extends RuntimeException {
        private final int status;

        Rejection(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** A request token's life: issued, authorized (or denied) in the browser, then exchanged at most once. */
    private static final class RequestToken {
        private final String secret;
        private final String callback;
        private final Instant createdAt = Instant.now();
        private DiscogsUser user;
        private String verifier;
        private boolean spent;

        RequestToken(String secret, String callback) {
            this.secret = secret;
            this.callback = callback;
        }

        synchronized boolean usable() {
            return !spent && Instant.now().isBefore(createdAt.plus(REQUEST_TOKEN_TTL));
        }

        /** Returns the verifier, or null when the user denied access, which spends the token. */
        synchronized String authorize(DiscogsUser by, boolean deny) {
            spent = deny;
            user = deny ? null : by;
            verifier = deny ? null : randomToken(12);
            return verifier;
        }

        synchronized DiscogsUser exchange(String presentedVerifier) {
            if (!usable()) {
                throw new Rejection(401, "request token already used, denied or expired");
            }
            if (user == null) {
                throw new Rejection(401, "request token was never authorized by a user");
            }
            if (presentedVerifier == null || !constantTimeEquals(presentedVerifier, verifier)) {
                throw new Rejection(401, "oauth_verifier does not match the one issued at authorization");
            }
            spent = true;
            return user;
        }
    }

    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final Map<String, RequestToken> requestTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Queue<Injection>> injections = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    /** Bumped by {@link #reset()}: a delayed answer still pending from an earlier test is dropped, not served. */
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean denyNext = new AtomicBoolean();
    private volatile DiscogsUser loggedIn;
    private volatile String expectedSignatureMethod = PLAINTEXT;
    private HttpServer server;
    private ExecutorService executor;

    /** The instance all tests in this JVM share; started on first use, it runs until the JVM exits. */
    public static synchronized FakeDiscogs shared() {
        if (shared == null) {
            shared = new FakeDiscogs().start();
        }
        return shared;
    }

    /**
     * The {@code discogs} identity provider's settings that point it at this fake, keyed as the admin API names them
     * ({@code DiscogsIdentityProviderConfig}'s keys).
     */
    public Map<String, String> providerConfig() {
        return Map.of("clientId", CONSUMER_KEY, "clientSecret", CONSUMER_SECRET, "userAgent", USER_AGENT,
                "requestTokenUrl", baseUrl() + REQUEST_TOKEN_PATH, "authorizeUrl", baseUrl() + AUTHORIZE_PATH,
                "accessTokenUrl", baseUrl() + ACCESS_TOKEN_PATH, "identityUrl", baseUrl() + IDENTITY_PATH);
    }

    public synchronized FakeDiscogs start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Enough threads that a delayed answer (to provoke a client timeout) never holds up other requests.
        executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "fake-discogs");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    public synchronized void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The Discogs user whose browser session visits the authorize page; null means nobody is logged in. */
    public void loginAs(DiscogsUser user) {
        loggedIn = user;
    }

    /** The next browser authorization is refused, as if the user clicked "deny". */
    public void denyNext() {
        denyNext.set(true);
    }

    public String expectedSignatureMethod() {
        return expectedSignatureMethod;
    }

    /** {@link #PLAINTEXT} (the default) or {@link #HMAC_SHA1}; a request signed the other way is a violation. */
    public void expectedSignatureMethod(String method) {
        if (!PLAINTEXT.equals(method) && !HMAC_SHA1.equals(method)) {
            throw new IllegalArgumentException("Unsupported signature method: " + method);
        }
        expectedSignatureMethod = method;
    }

    /** What a user does on the authorize page in the out-of-band flow; returns the verifier they would copy. */
    public String approve(String requestToken, DiscogsUser user) {
        RequestToken token = requestTokens.get(requestToken);
        if (token == null || !token.usable()) {
            throw new IllegalArgumentException("Unknown, used or expired request token");
        }
        return token.authorize(user, false);
    }

    public static String requestTokenOf(String authorizeUrl) {
        return formPairs(URI.create(authorizeUrl).getRawQuery()).stream()
                .filter(pair -> "oauth_token".equals(pair.getKey()))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public void revokeAccessToken(String token) {
        accessTokens.remove(token);
    }

    /** The next request to {@code path} gets this answer instead of being served; not a violation. */
    public void failNext(String path, int status, Map<String, String> headers, String body) {
        inject(path, new Injection(status, Map.copyOf(headers), body, null));
    }

    /** The next request to {@code path} is served normally, but only after {@code delay}. */
    public void delayNext(String path, Duration delay) {
        inject(path, new Injection(0, Map.of(), null, delay));
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void clearViolations() {
        violations.clear();
    }

    public int requestCount(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    /** The User-Agent of every API call (not of browser visits to the authorize page), oldest first. */
    public List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    /** A clean slate between tests, signature method back to PLAINTEXT; nonces and tokens stay, as at Discogs. */
    public void reset() {
        generation.incrementAndGet();
        injections.clear();
        violations.clear();
        requestCounts.clear();
        userAgents.clear();
        loggedIn = null;
        denyNext.set(false);
        expectedSignatureMethod = PLAINTEXT;
    }

    private void inject(String path, Injection injection) {
        injections.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(injection);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        requestCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            Queue<Injection> queue = injections.get(path);
            Injection injection = queue == null ? null : queue.poll();
            if (injection != null && injection.delay() == null) {
                injection.headers().forEach(exchange.getResponseHeaders()::add);
                send(exchange, injection.status(), "text/plain; charset=utf-8", injection.body());
                return;
            }
            if (injection != null) {
                long arrivedIn = generation.get();
                Thread.sleep(injection.delay().toMillis());
                if (generation.get() != arrivedIn) {
                    // The test that delayed this request gave up on it and the next one has started: answering now
                    // would count a stale request (its User-Agent, its signature) against that next test.
                    return;
                }
            }
            if (AUTHORIZE_PATH.equals(path)) {
                authorize(exchange);
            } else {
                serveApi(exchange, path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client gave up (a timeout test) before we answered; there is nobody left to tell.
        }
    }

    private void serveApi(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        userAgents.add(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
        try {
            String body = switch (path) {
                case REQUEST_TOKEN_PATH -> requestToken(checked(exchange, "GET", "POST"));
                case ACCESS_TOKEN_PATH -> accessToken(checked(exchange, "GET", "POST"));
                case IDENTITY_PATH -> identity(checked(exchange, "GET"));
                default -> throw new Rejection(404, "no such endpoint");
            };
            send(exchange, 200, IDENTITY_PATH.equals(path) ? "application/json" : "application/x-www-form-urlencoded",
                    body);
        } catch (Rejection rejection) {
            // Messages never contain "oauth_token=": scribejava would parse a token out of an error body.
            violations.add(method + " " + path + ": " + rejection.getMessage());
            send(exchange, rejection.status, "text/plain; charset=utf-8", rejection.getMessage());
        } catch (RuntimeException e) {
            violations.add(method + " " + path + ": the fake itself failed: " + e);
            send(exchange, 500, "text/plain; charset=utf-8", "internal error in the fake");
        }
    }

    private String requestToken(SignedRequest request) {
        request.verify("");
        String callback = request.callback();
        if (!"oob".equals(callback) && !isAbsoluteHttpUrl(callback)) {
            throw new Rejection(401, "oauth_callback must be oob or an absolute http(s) URL");
        }
        String token = randomToken(20);
        String secret = randomToken(20);
        requestTokens.put(token, new RequestToken(secret, callback));
        return "oauth_token=" + token + "&oauth_token_secret=" + secret + "&oauth_callback_confirmed=true";
    }

    private String accessToken(SignedRequest request) {
        RequestToken requestToken = requestTokens.get(request.oauth("oauth_token"));
        if (requestToken == null) {
            throw new Rejection(401, "unknown request token");
        }
        request.verify(requestToken.secret);
        DiscogsUser user = requestToken.exchange(request.oauth("oauth_verifier"));
        String token = randomToken(20);
        String secret = randomToken(20);
        accessTokens.put(token, new AccessToken(secret, user));
        return "oauth_token=" + token + "&oauth_token_secret=" + secret;
    }

    private String identity(SignedRequest request) {
        AccessToken accessToken = accessTokens.get(request.oauth("oauth_token"));
        if (accessToken == null) {
            throw new Rejection(401, "unknown or revoked access token");
        }
        request.verify(accessToken.secret());
        DiscogsUser user = accessToken.user();
        return JSON.createObjectNode()
                .put("id", user.id())
                .put("username", user.username())
                .put("resource_url", "https://api.discogs.com/users/" + user.username())
                .put("consumer_name", "Latchkey test")
                .toString();
    }

    /** The browser page where the user grants access: no OAuth signature and no User-Agent rules here. */
    private void authorize(HttpExchange exchange) throws IOException {
        String tokenValue = requestTokenOf(exchange.getRequestURI().toString());
        RequestToken token = tokenValue == null ? null : requestTokens.get(tokenValue);
        DiscogsUser user = loggedIn;
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain; charset=utf-8", "the authorize page only answers GET");
            return;
        }
        if (token == null || !token.usable()) {
            send(exchange, 400, "text/plain; charset=utf-8", "unknown, used or expired request token");
            return;
        }
        if (user == null) {
            send(exchange, 400, "text/plain; charset=utf-8", "not logged in to Discogs");
            return;
        }
        String verifier = token.authorize(user, denyNext.getAndSet(false));
        if ("oob".equals(token.callback)) {
            String shown = verifier == null ? "<p id=\"denied\">Access denied.</p>"
                    : "<p>Enter this code in the application:</p><code id=\"verifier\">" + verifier + "</code>";
            send(exchange, 200, "text/html; charset=utf-8",
                    "<!DOCTYPE html><html><head><title>Discogs</title></head><body>" + shown + "</body></html>");
            return;
        }
        String query = verifier == null ? "denied=" + percentEncode(tokenValue)
                : "oauth_token=" + percentEncode(tokenValue) + "&oauth_verifier=" + percentEncode(verifier);
        String separator = token.callback.contains("?") ? "&" : "?";
        exchange.getResponseHeaders().add("Location", token.callback + separator + query);
        exchange.sendResponseHeaders(302, -1);
    }

    /** The checks every API call must pass, in the order Discogs would fail them. */
    private SignedRequest checked(HttpExchange exchange, String... allowedMethods) throws IOException {
        if (!USER_AGENT.equals(exchange.getRequestHeaders().getFirst("User-Agent"))) {
            throw new Rejection(403, "User-Agent missing or not the configured one");
        }
        if (!List.of(allowedMethods).contains(exchange.getRequestMethod())) {
            throw new Rejection(405, "method not allowed here");
        }
        SignedRequest request = new SignedRequest(exchange);
        if (!CONSUMER_KEY.equals(request.oauth("oauth_consumer_key"))) {
            throw new Rejection(401, "unknown oauth_consumer_key");
        }
        String signatureMethod = request.oauth("oauth_signature_method");
        if (!signatureMethod.equals(expectedSignatureMethod)) {
            throw new Rejection(401,
                    "oauth_signature_method " + signatureMethod + ", expected " + expectedSignatureMethod);
        }
        String version = request.header.get("oauth_version");
        if (version != null && !"1.0".equals(version)) {
            throw new Rejection(401, "oauth_version must be 1.0");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(request.oauth("oauth_timestamp"));
        } catch (NumberFormatException e) {
            throw new Rejection(401, "oauth_timestamp is not an integer");
        }
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
            throw new Rejection(401, "oauth_timestamp is too far from now");
        }
        if (!nonces.add(request.oauth("oauth_nonce"))) {
            throw new Rejection(401, "oauth_nonce already used (replayed request)");
        }
        return request;
    }

    /** An API call as signed: the Authorization header's parameters, plus the query and a form body. */
    private final class SignedRequest {
        private final String method;
        private final String path;
        private final Map<String, String> header;
        private final List<Map.Entry<String, String>> queryAndForm;

        SignedRequest(HttpExchange exchange) throws IOException {
            method = exchange.getRequestMethod();
            path = exchange.getRequestURI().getRawPath();
            List<String> authorizations = exchange.getRequestHeaders().get("Authorization");
            if (authorizations == null || authorizations.size() != 1) {
                throw new Rejection(401, "exactly one Authorization header is required");
            }
            header = parseAuthorization(authorizations.get(0));
            queryAndForm = new ArrayList<>(formPairs(exchange.getRequestURI().getRawQuery()));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean isForm = contentType != null
                    && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
            if (isForm) {
                queryAndForm.addAll(formPairs(body));
            }
        }

        /** A protocol parameter from the Authorization header, where Discogs clients must send them. */
        String oauth(String name) {
            String value = header.get(name);
            if (value == null || value.isEmpty()) {
                throw new Rejection(401, name + " missing from the Authorization header");
            }
            return value;
        }

        /** The callback may also come as a query or form parameter (RFC 5849 3.5.2, 3.5.3). */
        String callback() {
            return header.containsKey("oauth_callback") ? header.get("oauth_callback") : queryAndForm.stream()
                    .filter(pair -> "oauth_callback".equals(pair.getKey()))
                    .map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new Rejection(401, "oauth_callback is required"));
        }

        /** RFC 5849 3.4.4 (PLAINTEXT) or 3.4.2 (HMAC-SHA1), keyed by the consumer secret and this token secret. */
        void verify(String tokenSecret) {
            String key = percentEncode(CONSUMER_SECRET) + "&" + percentEncode(tokenSecret);
            String signatureMethod = oauth("oauth_signature_method");
            String expected = PLAINTEXT.equals(signatureMethod) ? key : hmacSha1(key, baseString());
            if (!constantTimeEquals(oauth("oauth_signature"), expected)) {
                throw new Rejection(401, "invalid " + signatureMethod + " signature");
            }
        }

        /** RFC 5849 3.4.1; the client signed the URL it called, which is ours, so the base URI is rebuilt from it. */
        private String baseString() {
            List<Map.Entry<String, String>> params = new ArrayList<>();
            header.forEach((key, value) -> {
                if (!"oauth_signature".equals(key) && !"realm".equals(key)) {
                    params.add(Map.entry(percentEncode(key), percentEncode(value)));
                }
            });
            queryAndForm.forEach(pair -> params.add(
                    Map.entry(percentEncode(pair.getKey()), percentEncode(pair.getValue()))));
            params.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
            List<String> normalized = params.stream().map(pair -> pair.getKey() + "=" + pair.getValue()).toList();
            return method.toUpperCase(Locale.ROOT) + "&" + percentEncode(baseUrl() + path) + "&"
                    + percentEncode(String.join("&", normalized));
        }
    }

    /** RFC 5849 3.5.1: {@code OAuth realm="x", oauth_consumer_key="percent-encoded", ...}. */
    private static Map<String, String> parseAuthorization(String value) {
        int space = value.indexOf(' ');
        if (space < 0 || !"OAuth".equalsIgnoreCase(value.substring(0, space))) {
            throw new Rejection(401, "Authorization scheme is not OAuth");
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = AUTH_PARAM.matcher(value);
        for (int at = space + 1; at < value.length(); at = matcher.end()) {
            if (!matcher.region(at, value.length()).lookingAt()) {
                throw new Rejection(401, "malformed Authorization header");
            }
            String name = matcher.group(1);
            // Clients send the realm unencoded (scribejava does), and no check looks at it.
            String decoded = "realm".equals(name) ? matcher.group(2) : percentDecode(matcher.group(2));
            if (params.put(name, decoded) != null) {
                throw new Rejection(401, "Authorization parameter " + name + " repeated");
            }
        }
        return params;
    }

    private static String hmacSha1(String key, String baseString) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().putIfAbsent("Content-Type", List.of(contentType));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
            return uri.getHost() != null && (scheme.equals("http") || scheme.equals("https"));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** application/x-www-form-urlencoded pairs, decoded, in order (RFC 5849 3.4.1.3.1). */
    private static List<Map.Entry<String, String>> formPairs(String encoded) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : encoded == null ? new String[0] : encoded.split("&")) {
            int eq = part.indexOf('=');
            if (!part.isEmpty()) {
                pairs.add(Map.entry(URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        }
        return pairs;
    }

    /** RFC 5849 3.6: unreserved characters stay, every other UTF-8 byte becomes %XX with upper-case hex. */
    private static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** Percent-decoding, not form decoding: a '+' in a header value is a plus, never a space. */
    private static String percentDecode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Rejection(401, "bad percent-encoding in the Authorization header");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
