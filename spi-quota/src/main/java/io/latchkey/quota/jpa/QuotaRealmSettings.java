package io.latchkey.quota.jpa;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.common.rest.FieldErrors;
import io.latchkey.quota.plan.PlanCatalog;

/** The realm's plans, as a realm attribute: exported with the realm, cached and invalidated by Keycloak. */
final class QuotaRealmSettings {

    private static final Logger LOG = Logger.getLogger(QuotaRealmSettings.class);
    static final String PLANS = "latchkey.quota.plans";

    /** The last parsed catalog per realm: every verify reads the plans, and the JSON only changes on an admin PUT. */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private QuotaRealmSettings() {
    }

    static PlanCatalog catalog(RealmModel realm) {
        String json = realm.getAttribute(PLANS);
        if (json == null || json.isBlank()) {
            return PlanCatalog.DEFAULT;
        }
        Parsed cached = PARSED.get(realm.getId());
        if (cached != null && cached.json().equals(json)) {
            return cached.catalog();
        }
        PlanCatalog catalog = parse(realm, json);
        PARSED.put(realm.getId(), new Parsed(json, catalog));
        return catalog;
    }

    private static PlanCatalog parse(RealmModel realm, String json) {
        try {
            FieldErrors errors = new FieldErrors();
            PlanCatalog catalog = PlanCatalog.parse(JsonSerialization.readValue(json, JsonNode.class), errors);
            if (catalog != null) {
                return catalog;
            }
        } catch (IOException e) {
            // Reported below.
        }
        // Only the admin endpoint writes it, after validation; a hand-edited broken value must not stop every verify.
        LOG.warnf("Realm %s has an invalid %s attribute; using the default plans", realm.getName(), PLANS);
        return PlanCatalog.DEFAULT;
    }

    static void forget(String realmId) {
        PARSED.remove(realmId);
    }

    private record Parsed(String json, PlanCatalog catalog) {
    }

    static void setCatalog(RealmModel realm, PlanCatalog catalog) {
        realm.setAttribute(PLANS, catalog.toJson().toString());
    }
}
