package io.latchkey.testsupport;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.ScopeMappingRepresentation;
import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * The {@code latchkey} client and its roles in a test realm, as a realm exported from a server with the bundle has
 * them: the roles are among the realm's default roles. Keycloak's realm import gives imported users only the roles
 * their representation lists (an export lists the default roles explicitly), so test users get Latchkey's roles
 * with {@link #everyRole}; users created later by the admin API or by registration get them through the default
 * roles, as in production.
 */
public final class LatchkeyRealm {

    public static final String CLIENT = "latchkey";
    /** See {@link #narrowApp}. */
    public static final String NARROW_APP = "narrow-app";
    /** Every role of the {@code latchkey} client, as the bundle creates them. */
    public static final String[] ROLES = { "vault:read", "vault:write", "keys:read", "keys:manage", "quota:read",
        "quota:log", "discogs:connect" };

    private LatchkeyRealm() {
    }

    /**
     * Adds the {@code latchkey} client with its roles, all of them default roles of the realm and in the role scope of
     * Keycloak's {@code account-console} client, whose Latchkey pages call Latchkey.
     */
    public static RealmBuilder withClient(RealmBuilder realm) {
        // Import links a client's default roles through the client's id, so the representation needs one; a fresh
        // one per realm, since client ids are unique across realms.
        realm.clients(ClientBuilder.create().id(UUID.randomUUID().toString()).clientId(CLIENT).bearerOnly(true)
                .defaultRoles(ROLES)).clientRoles(CLIENT, ROLES);
        ScopeMappingRepresentation accountConsole = new ScopeMappingRepresentation();
        accountConsole.setClient("account-console");
        accountConsole.setRoles(new LinkedHashSet<>(List.of(ROLES)));
        RealmRepresentation rep = realm.build();
        Map<String, List<ScopeMappingRepresentation>> mappings = rep.getClientScopeMappings() == null
                ? new HashMap<>() : new HashMap<>(rep.getClientScopeMappings());
        mappings.put(CLIENT, List.of(accountConsole));
        rep.setClientScopeMappings(mappings);
        return realm;
    }

    /**
     * A public client with direct grants and an empty role scope, created once per realm: its tokens carry no
     * Latchkey role, so they are not meant for Latchkey. Returns its client id.
     */
    public static String narrowApp(ManagedRealm realm) {
        if (realm.admin().clients().findByClientId(NARROW_APP).isEmpty()) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(NARROW_APP);
            client.setPublicClient(true);
            client.setDirectAccessGrantsEnabled(true);
            client.setFullScopeAllowed(false);
            realm.admin().clients().create(client).close();
        }
        return NARROW_APP;
    }

    /** Gives {@code user} every Latchkey role, as the realm's default roles give them to new users. */
    public static UserBuilder everyRole(UserBuilder user) {
        return user.clientRoles(CLIENT, ROLES);
    }
}
