package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeSmtp;

/** The demo realm's email theme: what Keycloak sends users reads as Latchkey's, with a working action link. */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class EmailThemeIT {

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @Test
    void accountEmailsCarryLatchkeysWording() throws Exception {
        try (FakeSmtp smtp = new FakeSmtp()) {
            RealmRepresentation representation = realm.admin().toRepresentation();
            representation.setSmtpServer(Map.of("host", "127.0.0.1", "port", String.valueOf(smtp.port()),
                    "from", "noreply@latchkey.example", "fromDisplayName", "Latchkey"));
            realm.admin().update(representation);
            String demo = realm.admin().users().search("demo", true).get(0).getId();

            realm.admin().users().get(demo).executeActionsEmail(List.of("UPDATE_PASSWORD"));

            for (int i = 0; i < 100 && smtp.messages().isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertEquals(1, smtp.messages().size(), "one email sent");
            FakeSmtp.Message message = smtp.messages().get(0);
            assertEquals("demo@latchkey.example", message.recipient());
            assertEquals("Update your Latchkey account", message.subject());
            assertTrue(message.data().contains("/realms/latchkey/login-actions/action-token"), message.data());
        }
    }
}
