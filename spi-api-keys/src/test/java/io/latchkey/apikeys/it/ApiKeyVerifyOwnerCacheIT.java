package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.GroupResource;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import jakarta.ws.rs.core.Response;

import io.latchkey.apikeys.it.ApiKeyVerifyCacheIT.SqlLog;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * The owner of a cached key, in a realm with organizations and fine-grained admin permissions v2 (as the demo and
 * production realms are): a verify asks neither Keycloak nor the database about them, and still sees at once every
 * change Keycloak makes to them, to their groups' roles, and to their organization.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyVerifyOwnerCacheIT {

    @InjectRealm(ref = "verify-owner", config = VerifyOwnerRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;

    @BeforeEach
    void setUp() {
        keys = new ApiKeys(realm.getBaseUrl());
    }

    @Test
    void aCachedKeyOfAnOrganizationMemberVerifiesWithoutAnySqlStatement() {
        String username = "olga-" + System.nanoTime();
        UserResource owner = newUser(username);
        organization("olga-org-" + System.nanoTime()).members().addMember(owner.toRepresentation().getId()).close();
        String key = selfServiceKey(username, "reader");

        long cold = SqlLog.statementsDuring(() -> ApiKeys.expect(200, keys.verify(key)));
        // The first verifies fill Keycloak's caches and this node's verdict on the owner.
        ApiKeys.expect(200, keys.verify(key));
        long warm = SqlLog.statementsDuringValidVerifies(keys, key, 20);

        assertTrue(cold > 0, "the first verify reads the key and the owner (the log sees it): " + cold);
        assertEquals(0, warm, "20 verifies of a cached key of an organization member send no SQL statement");
    }

    @Test
    void aManagedMemberOfAnOrganizationDisabledAfterTheirKeyWasCachedIsRefusedByTheNextVerify() throws SQLException {
        String username = "mia-" + System.nanoTime();
        UserResource owner = newUser(username);
        String ownerId = owner.toRepresentation().getId();
        OrganizationResource organization = organization("mia-org-" + System.nanoTime());
        organization.members().addMember(ownerId).close();
        // Managed membership comes from a first sign-in through the organization's identity provider; set directly.
        managed(ownerId);
        admin.realm(realm.getName()).clearUserCache();
        String key = selfServiceKey(username, "reader");
        ApiKeys.expect(200, keys.verify(key));
        assertEquals(0, SqlLog.statementsDuring(() -> ApiKeys.expect(200, keys.verify(key))),
                "the managed member's key is served from the cache");

        OrganizationRepresentation disabled = organization.toRepresentation();
        disabled.setEnabled(false);
        organization.update(disabled).close();
        ApiKeys.expect(401, keys.verify(key));
        ApiKeys.expect(401, keys.verify(key));

        OrganizationRepresentation enabled = organization.toRepresentation();
        enabled.setEnabled(true);
        organization.update(enabled).close();
        ApiKeys.expect(200, keys.verify(key));
    }

    @Test
    void aRoleTakenFromTheOwnersGroupIsGoneFromTheNextVerify() {
        String username = "gus-" + System.nanoTime();
        UserResource owner = newUser(username);
        GroupRepresentation group = new GroupRepresentation();
        group.setName("writers-" + System.nanoTime());
        String groupId;
        try (Response created = realm.admin().groups().add(group)) {
            groupId = createdId(created);
        }
        GroupResource writers = realm.admin().groups().group(groupId);
        writers.roles().realmLevel().add(List.of(realm.admin().roles().get("writer").toRepresentation()));
        owner.joinGroup(groupId);
        String key = selfServiceKey(username, "writer");
        assertEquals(List.of("writer"), roles(key));
        assertEquals(List.of("writer"), roles(key));

        writers.roles().realmLevel().remove(List.of(realm.admin().roles().get("writer").toRepresentation()));
        assertEquals(List.of(), roles(key));

        writers.roles().realmLevel().add(List.of(realm.admin().roles().get("writer").toRepresentation()));
        assertEquals(List.of("writer"), roles(key));
        owner.leaveGroup(groupId);
        assertEquals(List.of(), roles(key));
    }

    @Test
    void aDisabledOrRenamedOwnerShowsInTheNextVerify() {
        String username = "ida-" + System.nanoTime();
        UserResource owner = newUser(username);
        String key = selfServiceKey(username, "reader");
        assertEquals(username, ApiKeys.expect(200, keys.verify(key)).get("owner").asText());
        assertEquals(username, ApiKeys.expect(200, keys.verify(key)).get("owner").asText());

        UserRepresentation user = owner.toRepresentation();
        user.setUsername(username + "-renamed");
        owner.update(user);
        assertEquals(username + "-renamed", ApiKeys.expect(200, keys.verify(key)).get("owner").asText());

        user = owner.toRepresentation();
        user.setEnabled(false);
        owner.update(user);
        ApiKeys.expect(401, keys.verify(key));

        admin.realm(realm.getName()).clearUserCache();
        ApiKeys.expect(401, keys.verify(key));
        user.setEnabled(true);
        owner.update(user);
        ApiKeys.expect(200, keys.verify(key));
    }

    private String selfServiceKey(String username, String role) {
        String token = Tokens.password(realm.getBaseUrl(), username, VerifyOwnerRealmConfig.PASSWORD);
        return keys.created(token, "{\"name\": \"owned\", \"roles\": [\"" + role + "\"]}").get("key").asText();
    }

    private List<String> roles(String key) {
        return ApiKeyLifecycleIT.strings(ApiKeys.expect(200, keys.verify(key)).get("roles"));
    }

    private OrganizationResource organization(String name) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(name);
        organization.setAlias(name);
        organization.setEnabled(true);
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName(name + ".test");
        organization.addDomain(domain);
        try (Response created = realm.admin().organizations().create(organization)) {
            return realm.admin().organizations().get(createdId(created));
        }
    }

    private static void managed(String userId) throws SQLException {
        try (Connection c = TestDatabaseSql.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE USER_GROUP_MEMBERSHIP SET MEMBERSHIP_TYPE = 'MANAGED' WHERE USER_ID = ?")) {
            s.setString(1, userId);
            assertEquals(1, s.executeUpdate(), "the owner's organization membership is made managed");
        }
    }

    private UserResource newUser(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        user.setEmail(username + "@latchkey.test");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Tester");
        String id;
        try (Response created = realm.admin().users().create(user)) {
            id = createdId(created);
        }
        UserResource resource = realm.admin().users().get(id);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue(VerifyOwnerRealmConfig.PASSWORD);
        password.setTemporary(false);
        resource.resetPassword(password);
        // The realm's default roles give every new user the self-service key permissions.
        resource.roles().realmLevel().add(List.of(realm.admin().roles().get("reader").toRepresentation()));
        return resource;
    }

    private static String createdId(Response created) {
        assertEquals(201, created.getStatus(), "created");
        return created.getLocation().getPath().replaceAll(".*/", "");
    }
}
