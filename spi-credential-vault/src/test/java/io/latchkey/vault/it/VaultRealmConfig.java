package io.latchkey.vault.it;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.UserRealmConfig;
import io.latchkey.vault.rest.CredentialVaultResource;

/**
 * Alice and Bob, events on (including the decrypted-read event, which Keycloak does not save by default), the
 * reader role, and two confidential backend clients: one whose service account holds the role, one without.
 */
public final class VaultRealmConfig extends UserRealmConfig {

    public static final String READER_CLIENT = "curator";
    public static final String OTHER_CLIENT = "unprivileged-backend";
    public static final String CLIENT_SECRET = "test-client-secret";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return super.configure(realm)
                .eventsEnabled(true)
                .adminEventsEnabled(true)
                .adminEventsDetailsEnabled(true)
                .enabledEventTypes("UPDATE_CREDENTIAL", "REMOVE_CREDENTIAL", "IDENTITY_PROVIDER_RETRIEVE_TOKEN",
                        "IDENTITY_PROVIDER_RETRIEVE_TOKEN_ERROR")
                .realmRoles(CredentialVaultResource.READER_ROLE)
                .clients(backend(READER_CLIENT), backend(OTHER_CLIENT))
                .users(LatchkeyRealm.everyRole(UserBuilder.create("service-account-" + READER_CLIENT))
                        .serviceAccountId(READER_CLIENT)
                        .realmRoles(CredentialVaultResource.READER_ROLE),
                        LatchkeyRealm.everyRole(UserBuilder.create("service-account-" + OTHER_CLIENT))
                                .serviceAccountId(OTHER_CLIENT));
    }

    private static ClientBuilder backend(String clientId) {
        return ClientBuilder.create()
                .clientId(clientId)
                .secret(CLIENT_SECRET)
                .serviceAccountsEnabled(true);
    }
}
