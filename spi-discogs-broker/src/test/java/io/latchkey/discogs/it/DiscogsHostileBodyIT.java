package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.HostileBodies;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The PIN flow's verify, the Discogs module's one body-taking endpoint, against the hostile bodies of
 * {@link HostileBodies}: 415, 400 or 413 with a sentence, never a 5xx, Discogs never called and nothing linked.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsHostileBodyIT {

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    @Test
    void hostileBodiesAreRefusedInWordsAndLinkNothing() {
        FakeDiscogs fake = FakeDiscogs.shared();
        fake.reset();
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);

        HostileBodies.check("POST", realm.getBaseUrl() + "/discogs/verify", alice,
                "{\"state\": \"s\", \"verifier\": \"123456\"}");

        String aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
        assertEquals(List.of(), realm.admin().users().get(aliceId).getFederatedIdentity(), "nothing linked");
        assertEquals(List.of(), fake.violations());
    }
}
