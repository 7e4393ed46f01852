package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * The admin API of the legacy API-key service's "Core > API Keys": keys for any user, service account and organization, filtered and
 * paginated lists, revoke/reactivate recorded as admin events, and the realm's key format (the legacy {@code pe-}).
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyAdminIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private ApiKeys keys;
    private String adminToken;

    @BeforeEach
    void acmeHasAlice() {
        keys = new ApiKeys(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
        if (realm.admin().organizations().search("ACME Corp", true, 0, 1).isEmpty()) {
            OrganizationRepresentation acme = new OrganizationRepresentation();
            acme.setName("ACME Corp");
            acme.setAlias("acme");
            OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
            domain.setName("acme.test");
            acme.addDomain(domain);
            try (Response created = realm.admin().organizations().create(acme)) {
                assertEquals(201, created.getStatus());
            }
            String id = realm.admin().organizations().search("ACME Corp", true, 0, 1).get(0).getId();
            String aliceId = realm.admin().users().search(ApiKeysRealmConfig.ALICE, true).get(0).getId();
            realm.admin().organizations().get(id).members().addMember(aliceId).close();
        }
    }

    @Test
    void listFiltersByOrganizationRoleOwnerActiveAndEnvironment() {
        String tag = "filters-" + System.nanoTime();
        JsonNode acmeAudit = keys.adminCreated(adminToken, body(tag + " a", "owner", "alice", "auditor", "acme", "live"));
        JsonNode bobTest = keys.adminCreated(adminToken, body(tag + " b", "owner", "bob", "reader", null, "test"));
        JsonNode gateway = keys.adminCreated(adminToken, body(tag + " c", "service_account", "gateway", "inventory:read",
                "acme", "live"));
        keys.admin("POST", "/keys/" + bobTest.get("id").asText() + "/revoke", adminToken, null);

        assertEquals(Set.of(acmeAudit.get("id").asText(), gateway.get("id").asText()), ids("?organization=acme", tag));
        assertEquals(Set.of(acmeAudit.get("id").asText()), ids("?role=auditor", tag));
        assertEquals(Set.of(gateway.get("id").asText()), ids("?role=inventory:read", tag));
        assertEquals(Set.of(bobTest.get("id").asText()), ids("?owner=bob", tag));
        assertEquals(Set.of(gateway.get("id").asText()), ids("?service_account=gateway", tag));
        assertEquals(Set.of(bobTest.get("id").asText()), ids("?active=false", tag));
        assertEquals(Set.of(bobTest.get("id").asText()), ids("?environment=test", tag));
        assertEquals(Set.of(acmeAudit.get("id").asText()), ids("?organization=acme&role=auditor&active=true", tag));
        assertEquals(Set.of(), ids("?organization=globex", tag));
        assertEquals(Set.of(), ids("?role=nonexistent", tag));
        assertEquals("acme", acmeAudit.get("organization").asText());
    }

    @Test
    void listPagesAreDisjointAndComplete() {
        String owner = "bob";
        for (int i = 0; i < 5; i++) {
            keys.adminCreated(adminToken, body("page " + i, "owner", owner, "reader", null, "live"));
        }
        JsonNode all = ApiKeys.expect(200, keys.admin("GET", "/keys?owner=bob&max=1000", adminToken, null));
        Set<String> seen = new HashSet<>();
        for (int first = 0; first < all.size(); first += 2) {
            JsonNode page = ApiKeys.expect(200, keys.admin("GET", "/keys?owner=bob&first=" + first + "&max=2",
                    adminToken, null));
            assertTrue(page.size() <= 2);
            page.forEach(key -> assertTrue(seen.add(key.get("id").asText()), "pages overlap"));
        }
        assertEquals(all.size(), seen.size());
        assertTrue(all.size() >= 5);
    }

    @Test
    void changesAreAdminEventsWithoutTheSecret() {
        JsonNode created = keys.adminCreated(adminToken, body("evented", "owner", "bob", "reader", null, "live"));
        String id = created.get("id").asText();
        keys.admin("POST", "/keys/" + id + "/revoke", adminToken, null);
        keys.admin("POST", "/keys/" + id + "/reactivate", adminToken, null);

        List<AdminEventRepresentation> events = realm.admin().getAdminEvents(null, null, null, null, null, null,
                null, null, null, 0, 1000, null).stream()
                .filter(e -> "LATCHKEY_API_KEY".equals(e.getResourceType()) && e.getResourcePath().contains(id))
                .toList();
        assertEquals(Set.of("CREATE", "ACTION"), events.stream().map(AdminEventRepresentation::getOperationType)
                .collect(Collectors.toSet()));
        assertEquals(3, events.size());
        events.forEach(e -> assertFalse(String.valueOf(e.getRepresentation()).contains(created.get("key").asText())));
    }

    @Test
    void usersMayTagKeysOnlyWithTheirOwnOrganizations() {
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);

        JsonNode mine = keys.created(alice, "{\"name\": \"acme key\", \"roles\": [\"reader\"], \"organization\": \"acme\"}");
        assertEquals("acme", mine.get("organization").asText());
        assertEquals("acme", ApiKeys.expect(200, keys.verify(mine.get("key").asText())).get("organization").asText());
        assertEquals(400, keys.create(bob, "{\"name\": \"not mine\", \"roles\": [\"reader\"], \"organization\":"
                + " \"acme\"}").statusCode());
    }

    @Test
    void realmPrefixIsConfigurableAndEarlierKeysKeepWorking() {
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String stripeStyle = keys.created(alice, "{\"name\": \"before\", \"roles\": [\"reader\"]}").get("key").asText();
        try {
            JsonNode settings = ApiKeys.expect(200, keys.admin("PUT", "/settings", adminToken,
                    "{\"prefix\": \"pe-\", \"environments\": []}"));
            assertEquals(List.of("sk_:live,test"), ApiKeyLifecycleIT.strings(settings.get("previous_formats")));

            String legacyKey = keys.created(alice, "{\"name\": \"after\", \"roles\": [\"reader\"]}").get("key").asText();

            assertTrue(legacyKey.matches("pe-[0-9A-Za-z]{32}"), legacyKey);
            assertEquals(35, legacyKey.length(), "legacy format: pe- plus 32 characters");
            ApiKeys.expect(200, keys.verify(legacyKey));
            ApiKeys.expect(200, keys.verify(stripeStyle));
            assertEquals(400, keys.create(alice, "{\"name\": \"x\", \"roles\": [\"reader\"], \"environment\":"
                    + " \"live\"}").statusCode());
        } finally {
            ApiKeys.expect(200, keys.admin("PUT", "/settings", adminToken,
                    "{\"prefix\": \"sk_\", \"environments\": [\"live\", \"test\"]}"));
        }
        ApiKeys.expect(200, keys.verify(stripeStyle));
    }

    @Test
    void settingsReadAreSettingsWrittenAsKcadmUpdateDoes() {
        String read = ApiKeys.expect(200, keys.admin("GET", "/settings", adminToken, null)).toString();

        JsonNode written = ApiKeys.expect(200, keys.admin("PUT", "/settings", adminToken, read));

        assertEquals(read, written.toString(), "PUT of what GET returned changes nothing");
        assertEquals(read, ApiKeys.expect(200, keys.admin("GET", "/settings", adminToken, null)).toString());
        JsonNode unknown = ApiKeys.expect(400, keys.admin("PUT", "/settings", adminToken,
                read.replaceFirst("\\{", "{\"require_roles\": true, ")));
        assertEquals("Unknown field.", unknown.at("/require_roles/0").asText());
    }

    @Test
    void keycloakRefusesAdminCallsWithItsOwnBodyBeforeLatchkeyRuns() {
        String bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);
        String manager = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.MANAGER, ApiKeysRealmConfig.PASSWORD);
        for (String[] call : new String[][] {{"GET", "/keys"}, {"POST", "/keys"}, {"GET", "/keys/x"},
                {"POST", "/keys/x/revoke"}, {"GET", "/settings"}, {"PUT", "/settings"}}) {
            String body = call[0].equals("GET") ? null : "{}";
            String what = call[0] + " " + call[1];
            assertEquals("{\"error\":\"HTTP 401 Unauthorized\"}", keys.admin(call[0], call[1], null, body).body(), what);
            assertEquals("{\"error\":\"HTTP 401 Unauthorized\"}",
                    keys.admin(call[0], call[1], "eyJhbGciOiJub25lIn0.e30.x", body).body(), what);
            HttpResponse<String> noRights = keys.admin(call[0], call[1], bob, body);
            assertEquals(403, noRights.statusCode(), what);
            assertEquals("{\"error\":\"HTTP 403 Forbidden\"}", noRights.body(), what);
        }
        assertEquals("{\"error\":\"HTTP 403 Forbidden\"}", keys.admin("GET", "/settings", manager, null).body(),
                "a user manager is no realm viewer");
    }

    @Test
    void getOfAnUnknownKeyIs404() {
        assertEquals(404, keys.admin("GET", "/keys/00000000-0000-0000-0000-000000000000", adminToken, null)
                .statusCode());
        assertEquals(404, keys.admin("POST", "/keys/nope/revoke", adminToken, null).statusCode());
        assertEquals("Not found", Http.json(keys.admin("GET", "/keys/" + "x".repeat(300), adminToken, null))
                .get("detail").asText());
    }

    private Set<String> ids(String query, String tag) {
        JsonNode list = ApiKeys.expect(200, keys.admin("GET", "/keys" + query + (query.isEmpty() ? "?" : "&")
                + "max=1000", adminToken, null));
        Set<String> ids = new HashSet<>();
        list.forEach(key -> {
            if (key.get("name").asText().startsWith(tag)) {
                ids.add(key.get("id").asText());
            }
        });
        return ids;
    }

    private static String body(String name, String ownerField, String owner, String role, String organization,
            String environment) {
        return "{\"name\": \"" + name + "\", \"" + ownerField + "\": \"" + owner + "\", \"roles\": [\"" + role
                + "\"], \"environment\": \"" + environment + "\""
                + (organization == null ? "" : ", \"organization\": \"" + organization + "\"") + "}";
    }
}
