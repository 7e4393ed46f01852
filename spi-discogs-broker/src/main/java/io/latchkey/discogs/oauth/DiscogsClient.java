package io.latchkey.discogs.oauth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.exceptions.OAuthException;
import com.github.scribejava.core.httpclient.HttpClient;
import com.github.scribejava.core.httpclient.HttpClientConfig;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth1RequestToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.github.scribejava.core.services.SignatureService;

/**
 * The three legs of Discogs' OAuth 1.0a plus the identity call, on scribejava-core. Each call returns what the
 * protocol promises or throws a classified {@link DiscogsException}: responses are inspected here (status,
 * {@code Retry-After}) rather than through scribejava's extractors, whose exceptions quote response bodies.
 */
public final class DiscogsClient {

    /** Retry-After when Discogs answers 429 without a usable one: its rate-limit window is a minute. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 60;
    private static final long MAX_RETRY_AFTER_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DiscogsEndpoints endpoints;

    public DiscogsClient(DiscogsEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /**
     * Leg 1: a request token for {@code callback}, an absolute URL or {@code oob} for the PIN flow.
     */
    public TokenPair requestToken(String callback) throws DiscogsException {
        Service service = service(callback);
        Response response = execute("request_token", () -> service.execute(service.requestTokenRequest()));
        return tokens("request_token", response);
    }

    /** The URL the user opens to approve the request token. */
    public String authorizationUrl(TokenPair requestToken) {
        return service("oob").getAuthorizationUrl(new OAuth1RequestToken(requestToken.token(), requestToken.secret()));
    }

    /** Leg 3: the verifier the user brought back, exchanged for the permanent access token. */
    public TokenPair accessToken(TokenPair requestToken, String verifier) throws DiscogsException {
        Service service = service("oob");
        OAuth1RequestToken token = new OAuth1RequestToken(requestToken.token(), requestToken.secret());
        Response response = execute("access_token",
                () -> service.execute(service.accessTokenRequest(token, verifier)));
        return tokens("access_token", response);
    }

    /** {@code GET /oauth/identity} signed with the user's access token. */
    public DiscogsIdentity identity(TokenPair accessToken) throws DiscogsException {
        Service service = service("oob");
        OAuthRequest request = new OAuthRequest(Verb.GET, endpoints.identityUrl());
        service.signRequest(new OAuth1AccessToken(accessToken.token(), accessToken.secret()), request);
        Response response = execute("identity", () -> service.execute(request));
        JsonNode body;
        try {
            body = JSON.readTree(body(response));
        } catch (IOException e) {
            throw malformed("identity", "not JSON");
        }
        JsonNode id = body == null ? null : body.get("id");
        JsonNode username = body == null ? null : body.get("username");
        if (id == null || !(id.isIntegralNumber() || id.isTextual()) || id.asText().isBlank()
                || username == null || !username.isTextual() || username.asText().isBlank()) {
            throw malformed("identity", "no id and username");
        }
        return new DiscogsIdentity(id.asText(), username.asText());
    }

    private Service service(String callback) {
        return (Service) new ServiceBuilder(endpoints.consumerKey())
                .apiSecret(endpoints.consumerSecret())
                .callback(callback)
                .userAgent(endpoints.userAgent())
                .httpClientConfig(JDKHttpClientConfig.defaultConfig()
                        .withConnectTimeout(millis(endpoints.timeout()))
                        .withReadTimeout(millis(endpoints.timeout()))
                        .withFollowRedirects(false))
                .build(new DiscogsApi(endpoints));
    }

    private static Integer millis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    private interface Call {
        Response run() throws IOException, InterruptedException, ExecutionException;
    }

    private static Response execute(String step, Call call) throws DiscogsException {
        Response response;
        try {
            response = call.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscogsException(DiscogsException.Kind.UNAVAILABLE, "Discogs " + step + ": interrupted", 0, 0);
        } catch (ExecutionException | IOException e) {
            throw unreachable(step, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        } catch (OAuthException e) {
            // scribejava's JDK client wraps connection failures (unknown host, refused, timeouts) in this.
            throw unreachable(step, e.getCause() != null ? e.getCause() : e);
        }
        int status = response.getCode();
        if (status == 200) {
            return response;
        }
        String message = "Discogs " + step + ": HTTP " + status;
        if (status == 429) {
            throw new DiscogsException(DiscogsException.Kind.RATE_LIMITED, message, status,
                    retryAfterSeconds(header(response, "Retry-After")));
        }
        if (status >= 500) {
            throw new DiscogsException(DiscogsException.Kind.UNAVAILABLE, message, status, 0);
        }
        if (status >= 400) {
            throw new DiscogsException(DiscogsException.Kind.REJECTED, message, status, 0);
        }
        throw new DiscogsException(DiscogsException.Kind.MALFORMED, message, status, 0);
    }

    /** Header names are case-insensitive (RFC 9110), but scribejava's lookup is exact. */
    private static String header(Response response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static DiscogsException unreachable(String step, Throwable cause) {
        boolean timeout = cause instanceof SocketTimeoutException;
        return new DiscogsException(timeout ? DiscogsException.Kind.TIMEOUT : DiscogsException.Kind.UNAVAILABLE,
                "Discogs " + step + ": " + (timeout ? "no answer in time" : cause.getClass().getSimpleName()), 0, 0);
    }

    private static TokenPair tokens(String step, Response response) throws DiscogsException {
        Map<String, String> form = new HashMap<>();
        for (String pair : body(response).trim().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        String token = form.get("oauth_token");
        String secret = form.get("oauth_token_secret");
        if (token == null || token.isBlank() || secret == null || secret.isBlank()) {
            throw malformed(step, "no oauth_token and oauth_token_secret");
        }
        return new TokenPair(token, secret);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String body(Response response) throws DiscogsException {
        try {
            String body = response.getBody();
            return body == null ? "" : body;
        } catch (IOException e) {
            throw unreachable("response", e);
        }
    }

    private static DiscogsException malformed(String step, String what) {
        return new DiscogsException(DiscogsException.Kind.MALFORMED, "Discogs " + step + ": " + what, 200, 0);
    }

    /** Seconds from a {@code Retry-After} header (delta-seconds or HTTP-date), bounded to an hour. */
    static long retryAfterSeconds(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
        String value = header.trim();
        try {
            return clamp(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return clamp(Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds());
            } catch (DateTimeParseException notDate) {
                return DEFAULT_RETRY_AFTER_SECONDS;
            }
        }
    }

    private static long clamp(long seconds) {
        return Math.max(1, Math.min(MAX_RETRY_AFTER_SECONDS, seconds));
    }

    /** Discogs as a scribejava API: its endpoints, the configured signature, GET for the request token as documented. */
    private static final class DiscogsApi extends DefaultApi10a {

        private final DiscogsEndpoints endpoints;

        DiscogsApi(DiscogsEndpoints endpoints) {
            this.endpoints = endpoints;
        }

        @Override
        public String getRequestTokenEndpoint() {
            return endpoints.requestTokenUrl();
        }

        @Override
        public String getAccessTokenEndpoint() {
            return endpoints.accessTokenUrl();
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return endpoints.authorizeUrl();
        }

        @Override
        public Verb getRequestTokenVerb() {
            return Verb.GET;
        }

        @Override
        public SignatureService getSignatureService() {
            return endpoints.signatureMethod().service();
        }

        @Override
        public OAuth10aService createService(String apiKey, String apiSecret, String callback, String scope,
                OutputStream debugStream, String userAgent, HttpClientConfig httpClientConfig,
                HttpClient httpClient) {
            return new Service(this, apiKey, apiSecret, callback, scope, debugStream, userAgent, httpClientConfig,
                    httpClient);
        }
    }

    /** Exposes scribejava's signed request builders so responses can be inspected before extraction. */
    private static final class Service extends OAuth10aService {

        Service(DefaultApi10a api, String apiKey, String apiSecret, String callback, String scope,
                OutputStream debugStream, String userAgent, HttpClientConfig httpClientConfig,
                HttpClient httpClient) {
            super(api, apiKey, apiSecret, callback, scope, debugStream, userAgent, httpClientConfig, httpClient);
        }

        OAuthRequest requestTokenRequest() {
            return prepareRequestTokenRequest();
        }

        OAuthRequest accessTokenRequest(OAuth1RequestToken requestToken, String verifier) {
            return prepareAccessTokenRequest(requestToken, verifier);
        }
    }
}
