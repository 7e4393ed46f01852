package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.ConsolePage;
import io.latchkey.testsupport.Http;

/**
 * Without Keycloak's experimental declarative-ui feature: the console hides the pages and nothing else changes. Plans
 * are managed through REST as with it. Measured on 26.7.3: Keycloak still loads {@code ui-page} providers then (only
 * the console checks the feature), so the mirror is kept up to date and switching the feature on later shows
 * current data.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.WithoutConsolePages.class)
class QuotaWithoutConsolePagesIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void plansAreManagedThroughRestAndTheHiddenPageStaysCurrent() {
        String token = admin.tokenManager().getAccessTokenString();
        Quota quota = new Quota(realm.getBaseUrl());
        ConsolePage page = new ConsolePage(admin, realm.getBaseUrl(), realm.getName(), "latchkey-quota-plans", "name");
        JsonNode info = Http.json(Http.get(realm.getBaseUrl().replaceFirst("/realms/.*", "") + "/admin/serverinfo",
                token));
        assertFalse(feature(info, "DECLARATIVE_UI"), "the console hides the pages");

        String plan = "rest-only-" + Long.toString(System.currentTimeMillis(), 36);
        Quota.expect(200, quota.admin("PUT", "/plans", token, "{\"default_plan\": \"" + plan + "\", \"default_quota\":"
                + " \"conversation_limit\", \"plans\": [{\"name\": \"" + plan + "\", \"quotas\": [{\"name\":"
                + " \"conversation_limit\", \"amount\": 3}]}]}"));

        assertEquals(plan, Quota.expect(200, quota.admin("GET", "/plans", token, null)).at("/plans/0/name").asText());
        assertTrue(page.rows().containsKey(plan), "the hidden page's rows follow the plans");
        assertEquals(1, page.rows().size());
        Quota.expect(200, quota.admin("PUT", "/plans", token, TestPlans.JSON));
    }

    private static boolean feature(JsonNode info, String name) {
        for (JsonNode feature : info.get("features")) {
            if (feature.get("name").asText().equals(name)) {
                return feature.get("enabled").asBoolean();
            }
        }
        throw new AssertionError("no feature " + name);
    }
}
