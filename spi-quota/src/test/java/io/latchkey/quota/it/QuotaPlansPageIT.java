package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.testsupport.Http;

/**
 * The admin console's <em>Quota plans</em> page, through the same component REST calls the console makes: the page
 * shows the realm's plans, edits on it change the plans (checked against the whole catalog, refused in words with
 * nothing stored), and plan changes through the quota REST API show on it.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaPlansPageIT {

    private static final String PAGE = "latchkey-quota-plans";
    private static final String TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String token;

    @BeforeEach
    void testPlans() {
        quota = new Quota(realm.getBaseUrl());
        token = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", token, TestPlans.JSON));
    }

    @Test
    void theServerOffersThePageWithItsWords() {
        JsonNode info = Http.json(Http.get(serverUrl() + "/admin/serverinfo", token));
        JsonNode page = find(info.at("/componentTypes/" + TYPE.replace("/", "~1")), PAGE);
        assertEquals(List.of("name", "default", "quotas"), Http.JSON.convertValue(page.at("/metadata/displayFields"),
                List.class));

        JsonNode texts = Http.json(Http.get(serverUrl() + "/resources/" + realm.getName() + "/admin/en", null));
        assertEquals("Quota plans", text(texts, PAGE), "the console's menu shows words, not the provider id");
        assertEquals("Default plan", text(texts, "latchkey-plan-default"));
    }

    @Test
    void thePageListsThePlans() {
        Map<String, ComponentRepresentation> plans = components();

        assertEquals(List.of("free", "premium"), List.copyOf(plans.keySet()));
        assertEquals("true", plans.get("free").getConfig().getFirst("default"));
        assertEquals("false", plans.get("premium").getConfig().getFirst("default"));
        JsonNode quotas = json(plans.get("free").getConfig().getFirst("quotas"));
        assertEquals("conversation_limit", quotas.at("/0/key").asText());
        assertEquals("10 daily", quotas.at("/0/value").asText());
        assertEquals("2 every 2", quotas.at("/3/value").asText());
        assertEquals("50 monthly", json(plans.get("premium").getConfig().getFirst("quotas"))
                .at("/1/value").asText());
    }

    @Test
    void aPlanAddedOnThePageIsAPlan() {
        // As the console saves it: its route parameters ride along in the config.
        HttpResponse<String> created = saveNew(page("team", false,
                "[{\"key\":\"conversation_limit\",\"value\":\"20\"},{\"key\":\"credits\",\"value\":\"7 MONTHLY\"}]"),
                Map.of("realm", realm.getName(), "providerId", PAGE));

        assertEquals(201, created.statusCode(), created.body());
        JsonNode team = plan(plans(), "team");
        assertEquals(20, team.at("/quotas/0/amount").asLong());
        assertEquals("daily", team.at("/quotas/0/refill").asText());
        assertEquals("monthly", team.at("/quotas/1/refill").asText());
        ComponentRepresentation component = components().get("team");
        assertFalse(component.getConfig().containsKey("realm"), "the console's route parameters are not stored");
        assertEquals("20 daily", json(component.getConfig().getFirst("quotas")).at("/0/value")
                .asText(), "the page shows the canonical form after saving");
    }

    @Test
    void switchingTheDefaultOnMovesItFromTheOldDefault() {
        ComponentRepresentation premium = components().get("premium");
        premium.getConfig().putSingle("default", "true");

        HttpResponse<String> updated = update(premium);

        assertEquals(204, updated.statusCode(), updated.body());
        assertEquals("premium", plans().get("default_plan").asText());
        assertEquals("false", components().get("free").getConfig().getFirst("default"));
    }

    @Test
    void deletingAPlanRemovesItButTheDefaultStays() {
        Map<String, ComponentRepresentation> before = components();

        HttpResponse<String> refused = Http.request("DELETE", componentsUrl() + "/" + before.get("free").getId(),
                token, null);
        HttpResponse<String> deleted = Http.request("DELETE", componentsUrl() + "/" + before.get("premium").getId(),
                token, null);

        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("Plan 'free' is the default plan: make another plan the default before deleting it.",
                Http.json(refused).get("error").asText());
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(List.of("free"), List.copyOf(components().keySet()));
        assertEquals(1, plans().get("plans").size());
    }

    @Test
    void plansChangedThroughRestShowOnThePage() {
        Quota.expect(200, quota.admin("PUT", "/plans", token, "{\"default_plan\": \"solo\", \"default_quota\":"
                + " \"conversation_limit\", \"plans\": [{\"name\": \"solo\", \"quotas\": [{\"name\":"
                + " \"conversation_limit\", \"amount\": 3}]}]}"));

        Map<String, ComponentRepresentation> plans = components();

        assertEquals(List.of("solo"), List.copyOf(plans.keySet()));
        assertEquals("true", plans.get("solo").getConfig().getFirst("default"));
    }

    static Stream<Arguments> badPlans() {
        String ok = "[{\"key\":\"conversation_limit\",\"value\":\"10\"}]";
        return Stream.of(
                Arguments.of("missing name", page(null, false, ok), "errorMessage", "Name: a plan needs a name."),
                Arguments.of("name with spaces", page("Big Plan", false, ok), "errorMessage",
                        "Plan 'Big Plan' name: Must be 1 to 32 lower-case letters"),
                Arguments.of("oversized name", page("p" + "x".repeat(40), false, ok), "errorMessage",
                        "name: Must be 1 to 32"),
                Arguments.of("no quotas", page("team", false, null), "errorMessage",
                        "Plan 'team': add at least one quota"),
                Arguments.of("quotas not a list", page("team", false, "{\"a\":1}"), "errorMessage",
                        "quotas must be a list of name and allowance pairs"),
                Arguments.of("broken JSON", page("team", false, "[{"), "errorMessage",
                        "quotas must be a list of name and allowance pairs"),
                Arguments.of("words for an amount", page("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"ten\"}]"), "errorMessage",
                        "Quota 'conversation_limit': write an amount from 0 to 1000000000"),
                Arguments.of("negative amount", page("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"-1\"}]"), "errorMessage", "write an amount"),
                Arguments.of("huge amount", page("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"99999999999\"}]"), "errorMessage",
                        "write an amount"),
                Arguments.of("zero-second interval", page("team", false,
                        "[{\"key\":\"conversation_limit\",\"value\":\"5 every 0\"}]"), "errorMessage",
                        "'every' takes 1 to 31622400 seconds"),
                Arguments.of("hostile quota name", page("team", false,
                        "[{\"key\":\"<script>\",\"value\":\"5\"}]"), "errorMessage",
                        "Plan 'team' quotas[0].name: Must be 1 to 32 lower-case letters"),
                Arguments.of("duplicate plan", page("premium", false, ok), "error",
                        "'premium' already exists; choose another name or edit that one."),
                Arguments.of("without the default quota", page("team", false,
                        "[{\"key\":\"credits\",\"value\":\"5\"}]"), "error",
                        "Default quota: Every plan must define the default quota 'conversation_limit'."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPlans")
    void aBadPlanIsRefusedInWordsAndNothingIsStored(String name, ObjectNode component, String field, String message) {
        JsonNode before = plans();
        int componentsBefore = components().size();

        HttpResponse<String> response = saveNew(component, Map.of());

        assertEquals(400, response.statusCode(), response.body());
        String said = Http.json(response).path(field).asText();
        assertTrue(said.contains(message), "said: " + said);
        assertEquals(before, plans());
        assertEquals(componentsBefore, components().size());
    }

    private static ObjectNode page(String name, boolean isDefault, String quotas) {
        ObjectNode component = Http.JSON.createObjectNode().put("providerId", PAGE).put("providerType", TYPE);
        ObjectNode config = component.putObject("config");
        if (name != null) {
            config.putArray("name").add(name);
        }
        config.putArray("default").add(Boolean.toString(isDefault));
        if (quotas != null) {
            config.putArray("quotas").add(quotas);
        }
        return component;
    }

    private HttpResponse<String> saveNew(ObjectNode component, Map<String, String> extraConfig) {
        component.put("parentId", admin.realm(realm.getName()).toRepresentation().getId());
        extraConfig.forEach((k, v) -> ((ObjectNode) component.get("config")).putArray(k).add(v));
        return Http.request("POST", componentsUrl(), token, component.toString());
    }

    private HttpResponse<String> update(ComponentRepresentation component) {
        return Http.request("PUT", componentsUrl() + "/" + component.getId(), token,
                Http.JSON.valueToTree(component).toString());
    }

    private Map<String, ComponentRepresentation> components() {
        Map<String, ComponentRepresentation> byName = new TreeMap<>();
        admin.realm(realm.getName()).components().query(null, TYPE).stream()
                .filter(c -> PAGE.equals(c.getProviderId()))
                .forEach(c -> assertEquals(null, byName.put(c.getConfig().getFirst("name"), c), "one row per plan"));
        return byName;
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

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private String componentsUrl() {
        return serverUrl() + "/admin/realms/" + realm.getName() + "/components";
    }

    private String serverUrl() {
        return realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
    }
}
