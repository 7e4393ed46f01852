package io.latchkey.discogs.it;

import java.util.Map;

import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

import io.latchkey.discogs.broker.DiscogsIdentityProviderConfig;
import io.latchkey.discogs.rest.DiscogsResource;
import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Alice and Bob, a {@code discogs} identity provider pointed at the fake Discogs, events on, and two confidential
 * backend clients: the curator (whose service account holds the token-reader role) and one without it.
 */
public final class DiscogsRealmConfig extends UserRealmConfig {

    public static final String ALIAS = "discogs";
    public static final String READER_CLIENT = "curator";
    public static final String OTHER_CLIENT = "unprivileged-backend";
    public static final String CLIENT_SECRET = "test-client-secret";
    /** Short, so the upstream-timeout tests do not wait long; the fake's delays exceed it. */
    public static final int TIMEOUT_SECONDS = 2;

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return super.configure(realm)
                .eventsEnabled(true)
                .enabledEventTypes("LOGIN", "LOGIN_ERROR", "IDENTITY_PROVIDER_LOGIN", "IDENTITY_PROVIDER_LOGIN_ERROR",
                        "IDENTITY_PROVIDER_FIRST_LOGIN", "FEDERATED_IDENTITY_LINK", "REMOVE_FEDERATED_IDENTITY",
                        "IDENTITY_PROVIDER_RETRIEVE_TOKEN", "IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR", "REGISTER")
                .realmRoles(DiscogsResource.TOKEN_READER_ROLE)
                .identityProviders(provider(FakeDiscogs.shared()))
                .clients(backend(READER_CLIENT), backend(OTHER_CLIENT))
                .users(LatchkeyRealm.everyRole(UserBuilder.create("service-account-" + READER_CLIENT))
                        .serviceAccountId(READER_CLIENT)
                        .realmRoles(DiscogsResource.TOKEN_READER_ROLE),
                        LatchkeyRealm.everyRole(UserBuilder.create("service-account-" + OTHER_CLIENT))
                                .serviceAccountId(OTHER_CLIENT));
    }

    static IdentityProviderRepresentation provider(FakeDiscogs fake) {
        IdentityProviderRepresentation provider = new IdentityProviderRepresentation();
        provider.setAlias(ALIAS);
        provider.setProviderId("discogs");
        provider.setDisplayName("Discogs");
        provider.setEnabled(true);
        Map<String, String> config = new java.util.HashMap<>(fake.providerConfig());
        config.put(DiscogsIdentityProviderConfig.TIMEOUT_SECONDS, String.valueOf(TIMEOUT_SECONDS));
        provider.setConfig(config);
        return provider;
    }

    /**
     * Changes one setting of the {@code discogs} provider through the admin API, as {@code kcadm.sh update
     * identity-provider/instances/discogs -s config.<key>=<value>} does. (The masked consumer secret is sent back as
     * read, which Keycloak takes as "unchanged".)
     */
    static void setting(ManagedRealm realm, String key, String value) {
        IdentityProviderResource provider = realm.admin().identityProviders().get(ALIAS);
        IdentityProviderRepresentation representation = provider.toRepresentation();
        representation.getConfig().put(key, value);
        provider.update(representation);
    }

    private static ClientBuilder backend(String clientId) {
        return ClientBuilder.create()
                .clientId(clientId)
                .secret(CLIENT_SECRET)
                .serviceAccountsEnabled(true);
    }
}
