package io.latchkey.discogs.broker;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

import io.latchkey.common.BundleInfo;
import io.latchkey.discogs.oauth.DiscogsEndpoints;
import io.latchkey.discogs.oauth.SignatureMethod;

/**
 * The Discogs provider's settings, kept in the identity provider's config map (what the admin console and
 * {@code kcadm.sh update identity-provider/instances/<alias> -s config.<key>=...} edit). The consumer key and secret
 * use Keycloak's own {@code clientId}/{@code clientSecret} keys, so the secret is masked by the admin API and may be
 * a vault reference such as {@code ${vault.discogs_secret}}.
 */
public final class DiscogsIdentityProviderConfig extends IdentityProviderModel {

    private static final long serialVersionUID = 1L;

    public static final String CONSUMER_KEY = "clientId";
    public static final String CONSUMER_SECRET = "clientSecret";
    public static final String USER_AGENT = "userAgent";
    public static final String SIGNATURE_METHOD = "signatureMethod";
    public static final String REQUEST_TOKEN_URL = "requestTokenUrl";
    public static final String AUTHORIZE_URL = "authorizeUrl";
    public static final String ACCESS_TOKEN_URL = "accessTokenUrl";
    public static final String IDENTITY_URL = "identityUrl";
    public static final String TIMEOUT_SECONDS = "timeoutSeconds";
    public static final String OOB_STATE_LIFESPAN_SECONDS = "oobStateLifespanSeconds";

    static final int DEFAULT_TIMEOUT_SECONDS = 10;
    static final int MAX_TIMEOUT_SECONDS = 120;
    /** Ten minutes to approve on Discogs and paste the PIN: the lifespan apps of the legacy service were built for. */
    static final int DEFAULT_OOB_STATE_LIFESPAN_SECONDS = 600;
    static final int MAX_OOB_STATE_LIFESPAN_SECONDS = 3600;
    /** The credential vault's service-name column: the alias names the user's stored Discogs token. */
    static final int MAX_ALIAS_LENGTH = 50;

    public DiscogsIdentityProviderConfig() {
    }

    public DiscogsIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    public String getConsumerKey() {
        return getConfig().get(CONSUMER_KEY);
    }

    public String getUserAgent() {
        String configured = getConfig().get(USER_AGENT);
        return blank(configured) ? defaultUserAgent() : configured.trim();
    }

    static String defaultUserAgent() {
        return "Latchkey/" + BundleInfo.version() + " +https://github.com/latchkey/latchkey";
    }

    public SignatureMethod getSignatureMethod() {
        return SignatureMethod.parse(getConfig().get(SIGNATURE_METHOD));
    }

    public int getTimeoutSeconds() {
        return intOption(TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
    }

    public int getOobStateLifespanSeconds() {
        return intOption(OOB_STATE_LIFESPAN_SECONDS, DEFAULT_OOB_STATE_LIFESPAN_SECONDS);
    }

    /**
     * Whether the consumer key and secret are set (a vault reference counts only when the vault resolves it): without
     * them nothing can be asked of Discogs.
     */
    public boolean hasConsumerCredentials(KeycloakSession session) {
        return !blank(getConsumerKey()) && consumerSecret(session) != null;
    }

    /** The endpoints, with the consumer secret resolved from Keycloak's vault when it is a vault reference. */
    public DiscogsEndpoints endpoints(KeycloakSession session) {
        String secret = consumerSecret(session);
        if (blank(getConsumerKey()) || secret == null) {
            throw new IllegalStateException("The Discogs provider '" + getAlias() + "' has no consumer key or secret");
        }
        return new DiscogsEndpoints(
                url(REQUEST_TOKEN_URL, DiscogsEndpoints.DEFAULT_REQUEST_TOKEN_URL),
                url(AUTHORIZE_URL, DiscogsEndpoints.DEFAULT_AUTHORIZE_URL),
                url(ACCESS_TOKEN_URL, DiscogsEndpoints.DEFAULT_ACCESS_TOKEN_URL),
                url(IDENTITY_URL, DiscogsEndpoints.DEFAULT_IDENTITY_URL),
                getConsumerKey(), secret, getSignatureMethod(), getUserAgent(),
                Duration.ofSeconds(getTimeoutSeconds()));
    }

    /** The secret itself, or null when unset or an unresolvable vault reference (which is never sent literally). */
    private String consumerSecret(KeycloakSession session) {
        String configured = getConfig().get(CONSUMER_SECRET);
        if (blank(configured)) {
            return null;
        }
        try (VaultStringSecret vaultSecret = session.vault().getStringSecret(configured)) {
            Optional<String> resolved = vaultSecret.get();
            if (resolved.isPresent()) {
                return blank(resolved.get()) ? null : resolved.get();
            }
        }
        return configured.trim().startsWith("${vault.") ? null : configured;
    }

    /**
     * Keycloak calls this when an admin creates or updates the provider: a bad setting is refused there with its
     * reason, rather than surfacing as a failed sign-in later.
     */
    @Override
    public void validate(RealmModel realm) {
        super.validate(realm);
        if (getAlias() != null && getAlias().length() > MAX_ALIAS_LENGTH) {
            throw new IllegalArgumentException("The Discogs provider's alias must have at most " + MAX_ALIAS_LENGTH
                    + " characters");
        }
        for (String key : new String[] {REQUEST_TOKEN_URL, AUTHORIZE_URL, ACCESS_TOKEN_URL, IDENTITY_URL}) {
            String value = getConfig().get(key);
            if (!blank(value) && !isHttpUrl(value.trim())) {
                throw new IllegalArgumentException("The Discogs setting '" + key + "' must be an absolute http(s) URL");
            }
        }
        try {
            getSignatureMethod();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The Discogs setting '" + SIGNATURE_METHOD + "' must be PLAINTEXT or"
                    + " HMAC-SHA1");
        }
        checkRange(TIMEOUT_SECONDS, 1, MAX_TIMEOUT_SECONDS);
        checkRange(OOB_STATE_LIFESPAN_SECONDS, 1, MAX_OOB_STATE_LIFESPAN_SECONDS);
        String userAgent = getConfig().get(USER_AGENT);
        if (userAgent != null && (userAgent.length() > 200 || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("The Discogs setting '" + USER_AGENT
                    + "' must be at most 200 printable characters");
        }
    }

    private String url(String key, String fallback) {
        String value = getConfig().get(key);
        return blank(value) ? fallback : value.trim();
    }

    private int intOption(String key, int fallback) {
        String value = getConfig().get(key);
        if (blank(value)) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void checkRange(String key, int min, int max) {
        String value = getConfig().get(key);
        if (blank(value)) {
            return;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("The Discogs setting '" + key + "' must be a whole number of seconds from "
                + min + " to " + max);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
