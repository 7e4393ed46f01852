package io.latchkey.testsupport;

import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * A test realm with two ordinary users, so tests can prove one user's data is invisible to the other, and the app
 * client they sign in with ({@link Tokens#testApp()}).
 */
public class UserRealmConfig implements RealmConfig {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String PASSWORD = "Passw0rd-for-tests";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return LatchkeyRealm.withClient(realm).users(user(ALICE), user(BOB)).clients(Tokens.testApp());
    }

    private static UserBuilder user(String username) {
        return LatchkeyRealm.everyRole(UserBuilder.create(username))
                .name(username, "Tester")
                .email(username + "@latchkey.test")
                .emailVerified(true)
                .password(PASSWORD);
    }
}
