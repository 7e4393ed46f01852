package io.latchkey.quota.it;

import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.Tokens;

/**
 * Alice and Bob (plain users with the realm role {@code reader}), {@code staff} (realm role staff-support and
 * view-users) and {@code boss} (manage-users and manage-realm): the legacy service's users, support staff and admin.
 */
public final class QuotaRealmConfig implements RealmConfig {

    public static final String PASSWORD = "Passw0rd-for-tests";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return LatchkeyRealm.withClient(realm)
                .clients(Tokens.testApp())
                .adminEventsEnabled(true)
                .realmRoles("reader", "staff-support")
                .users(user("alice").realmRoles("reader"), user("bob").realmRoles("reader"),
                        user("staff").realmRoles("staff-support").clientRoles("realm-management", "view-users"),
                        user("boss").clientRoles("realm-management", "manage-users", "view-users", "manage-realm",
                                "view-realm"));
    }

    private static UserBuilder user(String username) {
        return LatchkeyRealm.everyRole(UserBuilder.create(username)).name(username, "Tester")
                .email(username + "@latchkey.test").emailVerified(true).password(PASSWORD);
    }
}
