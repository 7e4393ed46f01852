package io.latchkey.vault.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.core.type.TypeReference;

import io.latchkey.vault.catalog.ServiceCatalog;
import io.latchkey.vault.catalog.ServiceDefinition;

/**
 * The vault's per-realm settings, kept as realm attributes so they travel with realm exports and are cached and
 * invalidated across a cluster by Keycloak itself.
 */
final class VaultRealmSettings {

    static final String CATALOG_ATTRIBUTE = "latchkey.credential-vault.catalog";
    static final String OWNER_READ_ATTRIBUTE = "latchkey.credential-vault.owner-can-read-secret";

    private static final TypeReference<List<CatalogEntryRepresentation>> CATALOG_TYPE = new TypeReference<>() {
    };

    private VaultRealmSettings() {
    }

    /** The realm's catalog, or the default eight services when the realm has not set its own. */
    static ServiceCatalog catalog(RealmModel realm) {
        String json = realm.getAttribute(CATALOG_ATTRIBUTE);
        if (json == null || json.isBlank()) {
            return ServiceCatalog.DEFAULT;
        }
        try {
            List<ServiceDefinition> definitions = new ArrayList<>();
            for (CatalogEntryRepresentation entry : JsonSerialization.readValue(json, CATALOG_TYPE)) {
                definitions.add(entry.toDefinition());
            }
            return new ServiceCatalog(definitions);
        } catch (IOException | RuntimeException e) {
            // Only the admin endpoint writes the attribute, after validation; a hand-edited broken value falls
            // back to the default rather than locking every user out of the vault.
            return ServiceCatalog.DEFAULT;
        }
    }

    static void setCatalog(RealmModel realm, List<CatalogEntryRepresentation> entries) {
        try {
            realm.setAttribute(CATALOG_ATTRIBUTE, JsonSerialization.writeValueAsString(entries));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void resetCatalog(RealmModel realm) {
        realm.removeAttribute(CATALOG_ATTRIBUTE);
    }

    static boolean ownerCanReadSecret(RealmModel realm) {
        return Boolean.parseBoolean(realm.getAttribute(OWNER_READ_ATTRIBUTE));
    }

    static void setOwnerCanReadSecret(RealmModel realm, boolean allowed) {
        realm.setAttribute(OWNER_READ_ATTRIBUTE, Boolean.toString(allowed));
    }
}
