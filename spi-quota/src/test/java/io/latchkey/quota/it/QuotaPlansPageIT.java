package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.ConsolePage;
import io.latchkey.testsupport.Http;

/**
 * The admin console's <em>Quota plans</em> page, through the same component REST calls the console makes: the page
 * shows the realm's plans, edits on it change the plans (checked against the whole catalog, refused in words with
 * nothing stored), and plan changes through the quota REST API show on it.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaPlansPageIT {

    private static final String PAGE = "latchkey-quota-plans";

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String token;
    private ConsolePage page;

    @BeforeEach
    void testPlans() {
        quota = new Quota(realm.getBaseUrl());
        token = admin.tokenManager().getAccessTokenString();
        page = new ConsolePage(admin, realm.getBaseUrl(), realm.getName(), PAGE, "name");
        Quota.expect(200, quota.admin("PUT", "/plans", token, TestPlans.JSON));
    }

    @Test
    void theServerOffersThePageWithItsWords() {
        JsonNode info = Http.json(Http.get(serverUrl() + "/admin/serverinfo", token));
        JsonNode offered = find(info.at("/componentTypes/" + ConsolePage.TYPE), PAGE);
        assertEquals(List.of("name", "default"), Http.JSON.convertValue(offered.at("/metadata/displayFields"),
                List.class));

        JsonNode texts = Http.json(Http.get(serverUrl() + "/resources/" + realm.getName() + "/admin/en", null));
        assertEquals("Quota plans", text(texts, PAGE), "the console's menu shows words, not the provider id");
        assertEquals("Default plan", text(texts, "latchkey-plan-default"));
    }

    @Test
    void thePageListsThePlans() {
        Map<String, ComponentRepresentation> plans = page.rows();

        assertEquals(List.of("free", "premium"), List.copyOf(plans.keySet()));
        assertEquals("true", plans.get("free").getConfig().getFirst("default"));
        assertEquals("false", plans.get("premium").getConfig().getFirst("default"));
        JsonNode quotas = ConsolePage.json(plans.get("free").getConfig().getFirst("quotas"));
        assertEquals("conversation_limit", quotas.at("/0/key").asText());
        assertEquals("10 daily", quotas.at("/0/value").asText());
        assertEquals("2 every 2", quotas.at("/3/value").asText());
        assertEquals("50 monthly", ConsolePage.json(plans.get("premium").getConfig().getFirst("quotas"))
                .at("/1/value").asText());
    }

    @Test
    void aPlanAddedOnThePageIsAPlan() {
        // As the console saves it: its route parameters ride along in the config.
        Map<String, String> values = new HashMap<>(row("team", false,
                "[{\"key\":\"conversation_limit\",\"value\":\"20\"},{\"key\":\"credits\",\"value\":\"7 MONTHLY\"}]"));
        values.putAll(Map.of("realm", realm.getName(), "providerId", PAGE));
        HttpResponse<String> created = page.create(page.row(values));

        assertEquals(201, created.statusCode(), created.body());
        JsonNode team = plan(plans(), "team");
        assertEquals(20, team.at("/quotas/0/amount").asLong());
        assertEquals("daily", team.at("/quotas/0/refill").asText());
        assertEquals("monthly", team.at("/quotas/1/refill").asText());
        ComponentRepresentation component = page.rows().get("team");
        assertFalse(component.getConfig().containsKey("realm"), "the console's route parameters are not stored");
        assertEquals("20 daily", ConsolePage.json(component.getConfig().getFirst("quotas")).at("/0/value")
                .asText(), "the page shows the canonical form after saving");
    }

    @Test
    void switchingTheDefaultOnMovesItFromTheOldDefault() {
        ComponentRepresentation premium = page.rows().get("premium");
        premium.getConfig().putSingle("default", "true");

        HttpResponse<String> updated = page.update(premium);

        assertEquals(204, updated.statusCode(), updated.body());
        assertEquals("premium", plans().get("default_plan").asText());
        assertEquals("false", page.rows().get("free").getConfig().getFirst("default"));
    }

    @Test
    void deletingAPlanRemovesItButTheDefaultStays() {
        Map<String, ComponentRepresentation> before = page.rows();

        HttpResponse<String> refused = page.delete(before.get("free"));
        HttpResponse<String> deleted = page.delete(before.get("premium"));

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("Plan 'free' is the default plan: make another plan the default before deleting it.",
                ConsolePage.message(refused));
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(List.of("free"), List.copyOf(page.rows().keySet()));
        assertEquals(1, plans().get("plans").size());
    }

    @Test
    void plansChangedThroughRestShowOnThePage() {
        Quota.expect(200, quota.admin("PUT", "/plans", token, "{\"default_plan\": \"solo\", \"default_quota\":"
                + " \"conversation_limit\", \"plans\": [{\"name\": \"solo\", \"quotas\": [{\"name\":"
                + " \"conversation_limit\", \"amount\": 3}]}]}"));

        Map<String, ComponentRepresentation> plans = page.rows();

        assertEquals(List.of("solo"), List.copyOf(plans.keySet()));
        assertEquals("true", plans.get("solo").getConfig().getFirst("default"));
    }

    static Stream<Arguments> badPlans() {
        String ok = "[{\"key\":\"conversation_limit\",\"value\":\"10\"}]";
        return Stream.of(
                Arguments.of("missing name", row(null, false, ok), "Name: a plan needs a name."),
                Arguments.of("name with spaces", row("Big Plan", false, ok),
                        "Plan 'Big Plan' name: Must be 1 to 32 lower-case letters"),
                Arguments.of("oversized name", row("p" + "x".repeat(40), false, ok),
                        "name: Must be 1 to 32"),
                Arguments.of("no quotas", row("team", false, null),
                        "Plan 'team': add at least one quota"),
                Arguments.of("quotas not a list", row("team", false, "{\"a\":1}"),
                        "quotas must be a list of name and allowance pairs"),
                Arguments.of("broken JSON", row("team", false, "[{"),
                        "quotas must be a list of name and allowance pairs"),
                Arguments.of("words for an amount", row("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"ten\"}]"),
                        "Quota 'conversation_limit': write an amount from 0 to 1000000000"),
                Arguments.of("negative amount", row("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"-1\"}]"), "write an amount"),
                Arguments.of("huge amount", row("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"99999999999\"}]"),
                        "write an amount"),
                Arguments.of("zero-second interval", row("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"5 every 0\"}]"),
                        "'every' takes 1 to 31622400 seconds"),
                Arguments.of("hostile quota name", row("team", false,
                        "[{\"key\":\"<script>\",\"value\":\"5\"}]"),
                        "Plan 'team' quotas[0].name: Must be 1 to 32 lower-case letters"),
                Arguments.of("duplicate plan", row("premium", false, ok),
                        "'premium' already exists; choose another name or edit that one."),
                Arguments.of("without the default quota", row("team", false,
                        "[{\"key\":\"credits\",\"value\":\"5\"}]"),
                        "Default quota: Every plan must define the default quota 'conversation_limit'."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPlans")
    void aBadPlanIsRefusedInWordsAndNothingIsStored(String name, Map<String, String> row, String message) {
        JsonNode before = plans();
        int componentsBefore = page.rows().size();

        HttpResponse<String> response = page.create(page.row(row));

        assertEquals(400, response.statusCode(), response.body());
        String said = ConsolePage.message(response);
        assertTrue(said.contains(message), "said: " + said);
        assertEquals(before, plans());
        assertEquals(componentsBefore, page.rows().size());
    }

    private static Map<String, String> row(String name, boolean isDefault, String quotas) {
        Map<String, String> row = new HashMap<>();
        row.put("name", name);
        row.put("default", Boolean.toString(isDefault));
        row.put("quotas", quotas);
        return row;
    }

    private JsonNode plans() {
        return Quota.expect(200, quota.admin("GET", "/plans", token, null));
    }

    private static JsonNode plan(JsonNode catalog, String name) {
        for (JsonNode plan : catalog.get("plans")) {
            if (plan.get("name").asText().equals(name)) {
                return plan;
            }
        }
        throw new AssertionError("no plan " + name + " in " + catalog);
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    private static String text(JsonNode texts, String key) {
        for (JsonNode entry : texts) {
            if (entry.get("key").asText().equals(key)) {
                return entry.get("value").asText();
            }
        }
        throw new AssertionError("no text " + key);
    }

    private String serverUrl() {
        return realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
    }
}
