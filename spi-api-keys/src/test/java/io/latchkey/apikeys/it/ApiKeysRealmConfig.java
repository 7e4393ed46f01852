package io.latchkey.apikeys.it;

import java.util.Map;

import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * Alice holds the realm roles {@code reader} and {@code writer} and the client role {@code inventory:read}; Bob holds
 * only {@code reader}; nobody holds {@code auditor}. {@code api-app} is a public client apps use to exchange keys,
 * {@code gateway} a confidential client. Events (the API-key ones included) and admin events are saved.
 */
public final class ApiKeysRealmConfig implements RealmConfig {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String PASSWORD = "Passw0rd-for-tests";
    public static final String APP = "api-app";
    public static final String GATEWAY = "gateway";
    public static final String SECRET = "gateway-secret";

    /** Puts {@code clientId} in the audience of the client's own tokens, so it may introspect them. */
    private static ProtocolMapperRepresentation audience(String clientId) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("own audience");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                "introspection.token.claim", "true"));
        return mapper;
    }

    @Override
    public RealmBuilder configure(RealmBuilder realm) {
        return realm
                .organizationsEnabled(true)
                .eventsEnabled(true)
                .adminEventsEnabled(true)
                .adminEventsDetailsEnabled(true)
                .enabledEventTypes("INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR")
                .realmRoles("reader", "writer", "auditor", "credential-vault-reader")
                .clients(ClientBuilder.create().clientId("inventory").secret(SECRET).bearerOnly(false),
                        ClientBuilder.create().clientId(APP).publicClient(true),
                        ClientBuilder.create().clientId(GATEWAY).secret(SECRET).serviceAccountsEnabled(true)
                                .protocolMappers(audience(GATEWAY)))
                .clientRoles("inventory", "read", "write")
                .users(UserBuilder.create(ALICE).name("Alice", "Tester").email("alice@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader", "writer")
                                .clientRoles("inventory", "read"),
                        UserBuilder.create(BOB).name("Bob", "Tester").email("bob@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader"),
                        UserBuilder.create("service-account-" + GATEWAY).serviceAccountId(GATEWAY)
                                .realmRoles("reader", "credential-vault-reader"));
    }
}
