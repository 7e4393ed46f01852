package io.latchkey.apikeys.it;

import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.Tokens;

/**
 * A realm set up as the demo and production realms are where it costs a verify most: organizations on and
 * fine-grained admin permissions v2 on, so Keycloak's user cache asks the database on every lookup of a user whether
 * they are a managed member of a disabled organization. Events are not saved, so a verify's only possible database
 * work is the key's and the owner's. Usernames can be changed, as a verify must then show the new one. Its users
 * are made by the tests.
 */
public final class VerifyOwnerRealmConfig implements RealmConfig {

    public static final String PASSWORD = "Passw0rd-for-tests";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return LatchkeyRealm.withClient(realm)
                .eventsEnabled(false)
                .adminEventsEnabled(false)
                .organizationsEnabled(true)
                .adminPermissionsEnabled(true)
                .editUsernameAllowed(true)
                .realmRoles("reader", "writer")
                .clients(Tokens.testApp());
    }
}
