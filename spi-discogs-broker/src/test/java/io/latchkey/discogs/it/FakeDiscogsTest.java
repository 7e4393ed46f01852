package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.exceptions.OAuthException;
import com.github.scribejava.core.httpclient.jdk.JDKHttpClientConfig;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuth1RequestToken;
import com.github.scribejava.core.model.OAuthConstants;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Response;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import com.github.scribejava.core.services.PlaintextSignatureService;
import com.github.scribejava.core.services.SignatureService;
import com.github.scribejava.core.services.TimestampService;
import com.github.scribejava.core.services.TimestampServiceImpl;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.FakeDiscogs.DiscogsUser;
import io.latchkey.testsupport.RawHttp;

/** Proves the fake accepts a correct OAuth 1.0a client (scribejava) and catches the mistakes a broker could make. */
class FakeDiscogsTest {

    private static final DiscogsUser VINYL_FAN = new DiscogsUser(4_242_001L, "vinyl_fan");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern VERIFIER = Pattern.compile("<code id=\"verifier\">([^<]+)</code>");

    private static FakeDiscogs fake;

    @BeforeAll
    static void startFake() {
        fake = new FakeDiscogs().start();
    }

    @AfterAll
    static void stopFake() {
        fake.stop();
    }

    @BeforeEach
    void cleanSlate() {
        fake.reset();
    }

    @Test
    void outOfBandFlowIdentifiesTheApprovingUserWithoutViolations() throws Exception {
        OAuth10aService service = service(plaintext());

        OAuth1AccessToken accessToken = outOfBandLogin(service, VINYL_FAN);
        JsonNode identity = identityOf(service, accessToken);

        assertEquals(VINYL_FAN.id(), identity.get("id").asLong());
        assertEquals("vinyl_fan", identity.get("username").asText());
        assertEquals("https://api.discogs.com/users/vinyl_fan", identity.get("resource_url").asText());
        assertEquals(List.of(), fake.violations());
        assertEquals(1, fake.requestCount(FakeDiscogs.REQUEST_TOKEN_PATH));
        assertEquals(1, fake.requestCount(FakeDiscogs.ACCESS_TOKEN_PATH));
        assertEquals(1, fake.requestCount(FakeDiscogs.IDENTITY_PATH));
        assertEquals(List.of(FakeDiscogs.USER_AGENT, FakeDiscogs.USER_AGENT, FakeDiscogs.USER_AGENT),
                fake.userAgents());
    }

    @Test
    void hmacSha1SignaturesVerifyWhenTheFakeExpectsThem() throws Exception {
        fake.expectedSignatureMethod(FakeDiscogs.HMAC_SHA1);
        // scribejava's default signature service is HMAC-SHA1; the callback's query and a query parameter with
        // reserved characters prove the base string is normalized the same way on both sides.
        OAuth10aService service = builder().callback("http://127.0.0.1:1/callback?state=a+b%2Fc")
                .build(new TestApi(fake, null, null));
        OAuth1RequestToken requestToken = service.getRequestToken();
        fake.loginAs(VINYL_FAN);
        String location = authorize(service.getAuthorizationUrl(requestToken)).headers().firstValue("Location")
                .orElseThrow();
        OAuth1AccessToken accessToken = service.getAccessToken(requestToken, queryParam(location, "oauth_verifier"));

        OAuthRequest request = new OAuthRequest(Verb.GET, fake.baseUrl() + FakeDiscogs.IDENTITY_PATH);
        request.addQuerystringParameter("note", "a b*~!'()&=ü");
        service.signRequest(accessToken, request);
        try (Response response = service.execute(request)) {
            assertEquals(200, response.getCode(), response.getBody());
        }
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void signatureMethodOtherThanTheExpectedOneIsAViolation() throws Exception {
        fake.expectedSignatureMethod(FakeDiscogs.HMAC_SHA1);

        try (Response response = requestTokenCall(service(plaintext()))) {
            assertEquals(401, response.getCode());
        }
        assertViolation("oauth_signature_method PLAINTEXT");
    }

    @Test
    void wrongConsumerSecretIsRejected() throws Exception {
        // The secret as a form decoder would mangle it: '+' read as a space.
        OAuth10aService wrongSecret = builder().apiSecret("cs /=s3cret&more").build(plaintext());

        try (Response response = requestTokenCall(wrongSecret)) {
            assertEquals(401, response.getCode());
            assertEquals("invalid PLAINTEXT signature", response.getBody());
        }
        assertViolation("invalid PLAINTEXT signature");
    }

    @Test
    void scribejavaSurfacesARejectedTokenRequestAsOAuthExceptionWithTheBody() {
        OAuth10aService wrongSecret = builder().apiSecret("wrong").build(plaintext());

        OAuthException thrown = assertThrows(OAuthException.class, wrongSecret::getRequestToken);

        assertTrue(thrown.getMessage().contains("invalid PLAINTEXT signature"), thrown.getMessage());
    }

    @Test
    void wrongOrMissingUserAgentIsForbidden() throws Exception {
        OAuth10aService curl = builder().userAgent("curl/8.5.0").build(plaintext());
        try (Response response = requestTokenCall(curl)) {
            assertEquals(403, response.getCode());
        }

        // Only a raw socket can leave the header out: both JDK HTTP clients add a default User-Agent.
        RawHttp.Response missing = RawHttp.send("127.0.0.1", "POST", fake.baseUrl() + FakeDiscogs.REQUEST_TOKEN_PATH,
                List.of("Authorization: OAuth oauth_consumer_key=\"" + FakeDiscogs.CONSUMER_KEY + "\""), null);
        assertEquals(403, missing.status());
        assertEquals(2, fake.violations().size(), fake.violations().toString());
    }

    @Test
    void replayedRequestIsRejected() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1AccessToken accessToken = outOfBandLogin(service, VINYL_FAN);
        OAuthRequest original = new OAuthRequest(Verb.GET, fake.baseUrl() + FakeDiscogs.IDENTITY_PATH);
        service.signRequest(accessToken, original);
        try (Response response = service.execute(original)) {
            assertEquals(200, response.getCode());
        }

        HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(URI.create(original.getUrl()))
                .header("User-Agent", FakeDiscogs.USER_AGENT)
                .header("Authorization", original.getHeaders().get(OAuthConstants.HEADER))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(401, replay.statusCode());
        assertViolation("oauth_nonce already used");
    }

    @Test
    void staleTimestampIsRejected() throws Exception {
        TestApi api = new TestApi(fake, new PlaintextSignatureService(), new TimestampServiceImpl() {
            @Override
            public String getTimestampInSeconds() {
                return String.valueOf(System.currentTimeMillis() / 1000 - 301);
            }
        });

        try (Response response = requestTokenCall(builder().build(api))) {
            assertEquals(401, response.getCode());
        }
        assertViolation("oauth_timestamp is too far from now");
    }

    @Test
    void wrongVerifierIsRejected() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1RequestToken requestToken = service.getRequestToken();
        fake.approve(requestToken.getToken(), VINYL_FAN);

        try (Response response = accessTokenCall(service, requestToken, "not-the-verifier")) {
            assertEquals(401, response.getCode());
        }
        assertViolation("oauth_verifier does not match");
    }

    @Test
    void requestTokenIsSingleUse() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1RequestToken requestToken = service.getRequestToken();
        String verifier = fake.approve(requestToken.getToken(), VINYL_FAN);
        try (Response first = accessTokenCall(service, requestToken, verifier)) {
            assertEquals(200, first.getCode());
        }

        try (Response second = accessTokenCall(service, requestToken, verifier)) {
            assertEquals(401, second.getCode());
        }
        assertViolation("request token already used");
    }

    @Test
    void browserAuthorizationRedirectsWithTokenAndVerifier() throws Exception {
        OAuth10aService service = builder().callback("http://127.0.0.1:1/callback?state=xyz").build(plaintext());
        OAuth1RequestToken requestToken = service.getRequestToken();
        fake.loginAs(VINYL_FAN);

        HttpResponse<String> redirect = authorize(service.getAuthorizationUrl(requestToken));

        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://127.0.0.1:1/callback?state=xyz&oauth_token="), location);
        assertEquals(requestToken.getToken(), queryParam(location, "oauth_token"));
        OAuth1AccessToken accessToken = service.getAccessToken(requestToken, queryParam(location, "oauth_verifier"));
        assertEquals("vinyl_fan", identityOf(service, accessToken).get("username").asText());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void deniedAuthorizationRedirectsWithDeniedAndBurnsTheToken() throws Exception {
        OAuth10aService service = builder().callback("http://127.0.0.1:1/callback").build(plaintext());
        OAuth1RequestToken requestToken = service.getRequestToken();
        fake.loginAs(VINYL_FAN);
        fake.denyNext();

        HttpResponse<String> redirect = authorize(service.getAuthorizationUrl(requestToken));

        assertEquals(302, redirect.statusCode());
        assertEquals("http://127.0.0.1:1/callback?denied=" + requestToken.getToken(),
                redirect.headers().firstValue("Location").orElseThrow());
        assertEquals(400, authorize(service.getAuthorizationUrl(requestToken)).statusCode());
        try (Response response = accessTokenCall(service, requestToken, "anything")) {
            assertEquals(401, response.getCode());
        }
    }

    @Test
    void outOfBandAuthorizePageShowsTheVerifier() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1RequestToken requestToken = service.getRequestToken();
        String authorizeUrl = service.getAuthorizationUrl(requestToken);
        assertEquals(requestToken.getToken(), FakeDiscogs.requestTokenOf(authorizeUrl));

        assertEquals(400, authorize(authorizeUrl).statusCode(), "nobody is logged in to Discogs yet");
        fake.loginAs(VINYL_FAN);
        HttpResponse<String> page = authorize(authorizeUrl);

        assertEquals(200, page.statusCode());
        Matcher verifier = VERIFIER.matcher(page.body());
        assertTrue(verifier.find(), page.body());
        OAuth1AccessToken accessToken = service.getAccessToken(requestToken, verifier.group(1));
        assertEquals(VINYL_FAN.id(), identityOf(service, accessToken).get("id").asLong());
    }

    @Test
    void injectedRateLimitIsAnsweredOnceThenServiceResumes() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1AccessToken accessToken = outOfBandLogin(service, VINYL_FAN);
        fake.failNext(FakeDiscogs.IDENTITY_PATH, 429, Map.of("Retry-After", "7"), "slow down");

        try (Response limited = identityCall(service, accessToken)) {
            assertEquals(429, limited.getCode());
            assertEquals("7", header(limited, "Retry-After"));
            assertEquals("slow down", limited.getBody());
        }
        try (Response resumed = identityCall(service, accessToken)) {
            assertEquals(200, resumed.getCode());
        }
        assertEquals(List.of(), fake.violations());
        assertEquals(2, fake.requestCount(FakeDiscogs.IDENTITY_PATH));
    }

    @Test
    void delayedAnswerProvokesAClientTimeoutWithoutBlockingOthers() throws Exception {
        JDKHttpClientConfig impatient = JDKHttpClientConfig.defaultConfig().withReadTimeout(300);
        OAuth10aService service = builder().httpClientConfig(impatient).build(plaintext());
        fake.delayNext(FakeDiscogs.REQUEST_TOKEN_PATH, Duration.ofSeconds(3));

        assertThrows(SocketTimeoutException.class, service::getRequestToken);
        assertNotNull(service.getRequestToken().getToken());
        assertEquals(2, fake.requestCount(FakeDiscogs.REQUEST_TOKEN_PATH));
    }

    @Test
    void accessTokenSecretIsPartOfTheSignature() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1AccessToken accessToken = outOfBandLogin(service, VINYL_FAN);

        try (Response response = identityCall(service, new OAuth1AccessToken(accessToken.getToken(), "guessed"))) {
            assertEquals(401, response.getCode());
        }
        assertViolation("invalid PLAINTEXT signature");
    }

    @Test
    void revokedAccessTokenIsUnknown() throws Exception {
        OAuth10aService service = service(plaintext());
        OAuth1AccessToken accessToken = outOfBandLogin(service, VINYL_FAN);

        fake.revokeAccessToken(accessToken.getToken());

        try (Response response = identityCall(service, accessToken)) {
            assertEquals(401, response.getCode());
        }
        assertViolation("unknown or revoked access token");
    }

    private static OAuth1AccessToken outOfBandLogin(OAuth10aService service, DiscogsUser user) throws Exception {
        OAuth1RequestToken requestToken = service.getRequestToken();
        assertTrue(requestToken.getRawResponse().endsWith("&oauth_callback_confirmed=true"));
        String verifier = fake.approve(requestToken.getToken(), user);
        return service.getAccessToken(requestToken, verifier);
    }

    private static JsonNode identityOf(OAuth10aService service, OAuth1AccessToken accessToken) throws Exception {
        try (Response response = identityCall(service, accessToken)) {
            assertEquals(200, response.getCode(), response.getBody());
            assertEquals("application/json", header(response, "Content-Type"));
            return JSON.readTree(response.getBody());
        }
    }

    private static Response identityCall(OAuth10aService service, OAuth1AccessToken accessToken) throws Exception {
        OAuthRequest request = new OAuthRequest(Verb.GET, fake.baseUrl() + FakeDiscogs.IDENTITY_PATH);
        service.signRequest(accessToken, request);
        return service.execute(request);
    }

    /**
     * The request {@code getRequestToken()} sends, but returning the response: scribejava's token methods ignore the
     * status code and only report what they fail to parse from the body.
     */
    private static Response requestTokenCall(OAuth10aService service) throws Exception {
        OAuthRequest request = new OAuthRequest(Verb.POST, fake.baseUrl() + FakeDiscogs.REQUEST_TOKEN_PATH);
        request.addOAuthParameter(OAuthConstants.CALLBACK, OAuthConstants.OOB);
        service.signRequest(new OAuth1AccessToken("", ""), request);
        return service.execute(request);
    }

    /** The request {@code getAccessToken(token, verifier)} sends, returning the response (see above). */
    private static Response accessTokenCall(OAuth10aService service, OAuth1RequestToken token, String verifier)
            throws Exception {
        OAuthRequest request = new OAuthRequest(Verb.POST, fake.baseUrl() + FakeDiscogs.ACCESS_TOKEN_PATH);
        request.addOAuthParameter(OAuthConstants.VERIFIER, verifier);
        service.signRequest(new OAuth1AccessToken(token.getToken(), token.getTokenSecret()), request);
        return service.execute(request);
    }

    private static HttpResponse<String> authorize(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String queryParam(String url, String name) {
        Matcher matcher = Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        assertTrue(matcher.find(), url);
        return URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
    }

    /**
     * scribejava keeps response headers in a case-sensitive map under the server's spelling, and the JDK server sends
     * {@code Retry-after}; HTTP header names are case-insensitive, so look them up that way.
     */
    private static String header(Response response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(header -> name.equalsIgnoreCase(header.getKey()))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static void assertViolation(String expected) {
        List<String> violations = fake.violations();
        assertFalse(violations.isEmpty(), "expected a violation about: " + expected);
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), violations.toString());
    }

    private static TestApi plaintext() {
        return new TestApi(fake, new PlaintextSignatureService(), null);
    }

    private static OAuth10aService service(TestApi api) {
        return builder().build(api);
    }

    private static ServiceBuilder builder() {
        return new ServiceBuilder(FakeDiscogs.CONSUMER_KEY)
                .apiSecret(FakeDiscogs.CONSUMER_SECRET)
                .userAgent(FakeDiscogs.USER_AGENT);
    }

    /** Discogs as scribejava sees it, pointed at the fake; null services mean scribejava's defaults. */
    private static final class TestApi extends DefaultApi10a {
        private final FakeDiscogs discogs;
        private final SignatureService signatures;
        private final TimestampService timestamps;

        TestApi(FakeDiscogs discogs, SignatureService signatures, TimestampService timestamps) {
            this.discogs = discogs;
            this.signatures = signatures;
            this.timestamps = timestamps;
        }

        @Override
        public String getRequestTokenEndpoint() {
            return discogs.baseUrl() + FakeDiscogs.REQUEST_TOKEN_PATH;
        }

        @Override
        public String getAccessTokenEndpoint() {
            return discogs.baseUrl() + FakeDiscogs.ACCESS_TOKEN_PATH;
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return discogs.baseUrl() + FakeDiscogs.AUTHORIZE_PATH;
        }

        @Override
        public SignatureService getSignatureService() {
            return signatures == null ? super.getSignatureService() : signatures;
        }

        @Override
        public TimestampService getTimestampService() {
            return timestamps == null ? super.getTimestampService() : timestamps;
        }
    }
}
