package io.latchkey.apikeys.it;

import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.Tokens;

/**
 * A realm whose events are not saved, so a verify's only possible database work is the key's: what the verify cache
 * must avoid. Carol holds {@code reader} and {@code writer}.
 */
public final class VerifyCacheRealmConfig implements RealmConfig {

    public static final String CAROL = "carol";
    public static final String PASSWORD = "Passw0rd-for-tests";

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return LatchkeyRealm.withClient(realm)
                .eventsEnabled(false)
                .adminEventsEnabled(false)
                .realmRoles("reader", "writer")
                .clients(Tokens.testApp())
                .users(LatchkeyRealm.everyRole(UserBuilder.create(CAROL)).name("Carol", "Tester")
                        .email("carol@latchkey.test").emailVerified(true).password(PASSWORD)
                        .realmRoles("reader", "writer"));
    }
}
