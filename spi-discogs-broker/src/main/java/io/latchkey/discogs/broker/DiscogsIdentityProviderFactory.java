package io.latchkey.discogs.broker;

import java.util.List;
import java.util.Map;

import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.latchkey.common.BundleInfo;
import io.latchkey.discogs.oauth.DiscogsEndpoints;
import io.latchkey.discogs.oauth.SignatureMethod;
import io.latchkey.discogs.tokens.DiscogsTokenStore;

/**
 * The {@code discogs} identity provider, listed with the social providers in the admin console's "Add provider" menu.
 * Its extra settings (User-Agent, signature method, endpoints, timeouts) appear on the provider's settings page.
 */
public final class DiscogsIdentityProviderFactory extends AbstractIdentityProviderFactory<DiscogsIdentityProvider>
        implements SocialIdentityProviderFactory<DiscogsIdentityProvider>, ServerInfoAwareProviderFactory {

    public static final String ID = "discogs";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getName() {
        return "Discogs";
    }

    @Override
    public DiscogsIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new DiscogsIdentityProvider(session, new DiscogsIdentityProviderConfig(model));
    }

    @Override
    public IdentityProviderModel createConfig() {
        return new DiscogsIdentityProviderConfig();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Unlinking Discogs (account console, admin, or our revoke endpoint) also forgets the stored token.
        factory.register(event -> {
            if (event instanceof FederatedIdentityModel.FederatedIdentityRemovedEvent removed) {
                KeycloakSession session = removed.getKeycloakSession();
                String alias = removed.getFederatedIdentity().getIdentityProvider();
                IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
                if (provider != null && ID.equals(provider.getProviderId())) {
                    new DiscogsTokenStore(session).delete(removed.getRealm(), removed.getUser(), alias);
                }
            }
        });
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DiscogsIdentityProviderConfig.USER_AGENT).label("User-Agent")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DiscogsIdentityProviderConfig.defaultUserAgent())
                .helpText("Sent with every request to Discogs, which rejects requests without one."
                        + " Name your application and a URL, e.g. 'MyApp/1.0 +https://myapp.example'.")
                .add()
                .property().name(DiscogsIdentityProviderConfig.SIGNATURE_METHOD).label("Signature method")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(SignatureMethod.PLAINTEXT.configValue(), SignatureMethod.HMAC_SHA1.configValue())
                .defaultValue(SignatureMethod.PLAINTEXT.configValue())
                .helpText("OAuth 1.0a signature. Discogs documents PLAINTEXT over HTTPS; HMAC-SHA1 never sends the"
                        + " consumer secret.")
                .add()
                .property().name(DiscogsIdentityProviderConfig.TIMEOUT_SECONDS).label("Timeout (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DiscogsIdentityProviderConfig.DEFAULT_TIMEOUT_SECONDS))
                .helpText("Connect and read timeout for each call to Discogs, 1 to "
                        + DiscogsIdentityProviderConfig.MAX_TIMEOUT_SECONDS + ".")
                .add()
                .property().name(DiscogsIdentityProviderConfig.OOB_STATE_LIFESPAN_SECONDS)
                .label("PIN flow lifespan (seconds)")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DiscogsIdentityProviderConfig.DEFAULT_OOB_STATE_LIFESPAN_SECONDS))
                .helpText("How long an app's out-of-band (PIN) connection may take from authorize to verify, 1 to "
                        + DiscogsIdentityProviderConfig.MAX_OOB_STATE_LIFESPAN_SECONDS + ".")
                .add()
                .property().name(DiscogsIdentityProviderConfig.REQUEST_TOKEN_URL).label("Request token URL")
                .type(ProviderConfigProperty.URL_TYPE).defaultValue(DiscogsEndpoints.DEFAULT_REQUEST_TOKEN_URL)
                .helpText("Discogs' request token endpoint; change only to point at a test double.").add()
                .property().name(DiscogsIdentityProviderConfig.AUTHORIZE_URL).label("Authorize URL")
                .type(ProviderConfigProperty.URL_TYPE).defaultValue(DiscogsEndpoints.DEFAULT_AUTHORIZE_URL)
                .helpText("Where users approve access on Discogs.").add()
                .property().name(DiscogsIdentityProviderConfig.ACCESS_TOKEN_URL).label("Access token URL")
                .type(ProviderConfigProperty.URL_TYPE).defaultValue(DiscogsEndpoints.DEFAULT_ACCESS_TOKEN_URL)
                .helpText("Discogs' access token endpoint.").add()
                .property().name(DiscogsIdentityProviderConfig.IDENTITY_URL).label("Identity URL")
                .type(ProviderConfigProperty.URL_TYPE).defaultValue(DiscogsEndpoints.DEFAULT_IDENTITY_URL)
                .helpText("Discogs' identity endpoint, which names the signed-in user.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.operationalInfo("spi-discogs-broker");
    }
}
