package io.latchkey.testsupport;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An admin-console page of Latchkey's ({@code UiPageProvider}) driven by the component REST calls the console itself
 * makes: list the rows, save a new row, update, delete.
 */
public final class ConsolePage {

    public static final String TYPE = "org.keycloak.services.ui.extend.UiPageProvider";

    private final Keycloak admin;
    private final String realmName;
    private final String componentsUrl;
    private final String pageId;
    private final String keyProperty;

    /** @param realmUrl the realm's base URL, {@code http://host/realms/name} */
    public ConsolePage(Keycloak admin, String realmUrl, String realmName, String pageId, String keyProperty) {
        this.admin = admin;
        this.realmName = realmName;
        this.componentsUrl = realmUrl.replace("/realms/", "/admin/realms/") + "/components";
        this.pageId = pageId;
        this.keyProperty = keyProperty;
    }

    /** The page's rows by key, sorted; fails if a key shows twice. */
    public Map<String, ComponentRepresentation> rows() {
        Map<String, ComponentRepresentation> byKey = new TreeMap<>();
        admin.realm(realmName).components().query(null, TYPE).stream().filter(c -> pageId.equals(c.getProviderId()))
                .forEach(c -> {
                    if (byKey.put(c.getConfig().getFirst(keyProperty), c) != null) {
                        throw new AssertionError("two rows for " + c.getConfig().getFirst(keyProperty));
                    }
                });
        return byKey;
    }

    /** A new row's JSON as the console posts it; null values are left out. */
    public ObjectNode row(Map<String, String> values) {
        ObjectNode component = Http.JSON.createObjectNode().put("providerId", pageId).put("providerType", TYPE)
                .put("parentId", admin.realm(realmName).toRepresentation().getId());
        ObjectNode config = component.putObject("config");
        values.forEach((k, v) -> {
            if (v != null) {
                config.putArray(k).add(v);
            }
        });
        return component;
    }

    public HttpResponse<String> create(ObjectNode row) {
        return Http.request("POST", componentsUrl, token(), row.toString());
    }

    public HttpResponse<String> update(ComponentRepresentation row) {
        return Http.request("PUT", componentsUrl + "/" + row.getId(), token(), Http.JSON.valueToTree(row).toString());
    }

    public HttpResponse<String> delete(ComponentRepresentation row) {
        return Http.request("DELETE", componentsUrl + "/" + row.getId(), token(), null);
    }

    /** The message the console shows for a refused save: Keycloak's {@code errorMessage} or {@code error}. */
    public static String message(HttpResponse<String> response) {
        JsonNode body = Http.json(response);
        return body.has("errorMessage") ? body.get("errorMessage").asText() : body.path("error").asText();
    }

    /** A JSON text stored in a config value (the console's key/value lists). */
    public static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private String token() {
        return admin.tokenManager().getAccessTokenString();
    }
}
