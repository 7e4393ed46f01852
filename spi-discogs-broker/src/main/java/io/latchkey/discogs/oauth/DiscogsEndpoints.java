package io.latchkey.discogs.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to talk to Discogs: its OAuth 1.0a endpoints (configurable so tests can point them at a local fake),
 * the application's consumer credentials, the signature method, the User-Agent Discogs insists on, and a timeout.
 */
public record DiscogsEndpoints(String requestTokenUrl, String authorizeUrl, String accessTokenUrl, String identityUrl,
        String consumerKey, String consumerSecret, SignatureMethod signatureMethod, String userAgent,
        Duration timeout) {

    public static final String DEFAULT_REQUEST_TOKEN_URL = "https://api.discogs.com/oauth/request_token";
    public static final String DEFAULT_AUTHORIZE_URL = "https://www.discogs.com/oauth/authorize";
    public static final String DEFAULT_ACCESS_TOKEN_URL = "https://api.discogs.com/oauth/access_token";
    public static final String DEFAULT_IDENTITY_URL = "https://api.discogs.com/oauth/identity";

    public DiscogsEndpoints {
        Objects.requireNonNull(requestTokenUrl, "requestTokenUrl");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(accessTokenUrl, "accessTokenUrl");
        Objects.requireNonNull(identityUrl, "identityUrl");
        Objects.requireNonNull(consumerKey, "consumerKey");
        Objects.requireNonNull(consumerSecret, "consumerSecret");
        Objects.requireNonNull(signatureMethod, "signatureMethod");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The consumer secret stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "DiscogsEndpoints[requestTokenUrl=" + requestTokenUrl + ", authorizeUrl=" + authorizeUrl
                + ", accessTokenUrl=" + accessTokenUrl + ", identityUrl=" + identityUrl + ", consumerKey="
                + consumerKey + ", consumerSecret=***, signatureMethod=" + signatureMethod + ", userAgent="
                + userAgent + ", timeout=" + timeout + "]";
    }
}
