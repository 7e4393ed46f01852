package io.latchkey.apikeys.it;

import java.util.Map;

import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.Tokens;

/**
 * Alice holds the realm roles {@code reader} and {@code writer} and the client role {@code inventory:read}; Bob holds
 * only {@code reader}; nobody holds {@code auditor}. {@code api-app} is a public client apps use to exchange keys,
 * {@code gateway} a confidential client. Events (the API-key ones included, and the leaked-key revocations) and admin
 * events are saved.
 */
public final class ApiKeysRealmConfig implements RealmConfig {

    public static final String ALICE = "alice";
    public static final String BOB = "bob";
    public static final String PASSWORD = "Passw0rd-for-tests";
    public static final String APP = "api-app";
    public static final String GATEWAY = "gateway";
    public static final String SECRET = "gateway-secret";
    public static final String ROOT = "root";
    public static final String MANAGER = "manager";
    public static final String NARROW_APP = "narrow-app";

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
        return LatchkeyRealm.withClient(realm)
                .organizationsEnabled(true)
                .eventsEnabled(true)
                .adminEventsEnabled(true)
                .adminEventsDetailsEnabled(true)
                .enabledEventTypes("INTROSPECT_TOKEN", "INTROSPECT_TOKEN_ERROR", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR",
                        "REMOVE_CREDENTIAL")
                .attribute("latchkey.api-keys.token-audience", GATEWAY)
                .realmRoles("reader", "writer", "auditor", "credential-vault-reader")
                .clients(ClientBuilder.create().clientId("inventory").secret(SECRET).bearerOnly(false),
                        ClientBuilder.create().clientId(APP).publicClient(true), Tokens.testApp(),
                        ClientBuilder.create().clientId(NARROW_APP).publicClient(true).directAccessGrantsEnabled(true)
                                .fullScopeEnabled(false),
                        ClientBuilder.create().clientId(GATEWAY).secret(SECRET).serviceAccountsEnabled(true)
                                .protocolMappers(audience(GATEWAY)))
                .clientRoles("inventory", "read", "write")
                .users(LatchkeyRealm.everyRole(UserBuilder.create(ALICE)).name("Alice", "Tester").email("alice@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader", "writer")
                                .clientRoles("inventory", "read"),
                        LatchkeyRealm.everyRole(UserBuilder.create(BOB)).name("Bob", "Tester").email("bob@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader"),
                        LatchkeyRealm.everyRole(UserBuilder.create(ROOT)).name("Root", "Admin").email("root@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader")
                                .clientRoles("realm-management", "realm-admin")
                                .clientRoles("account", "manage-account", "view-profile"),
                        LatchkeyRealm.everyRole(UserBuilder.create(MANAGER)).name("Max", "Manager").email("manager@latchkey.test")
                                .emailVerified(true).password(PASSWORD).realmRoles("reader")
                                .clientRoles("realm-management", "manage-users", "view-users", "query-users"),
                        LatchkeyRealm.everyRole(UserBuilder.create("service-account-" + GATEWAY)).serviceAccountId(GATEWAY)
                                .realmRoles("reader", "credential-vault-reader"));
    }
}
