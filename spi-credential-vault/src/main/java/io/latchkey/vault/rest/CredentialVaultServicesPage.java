package io.latchkey.vault.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.console.ConsolePageFactory;
import io.latchkey.common.rest.FieldErrors;

/**
 * <em>Vault services</em> in the admin console: the services users may store credentials for, one row each. The
 * catalog stays the realm's ({@code /admin/realms/{realm}/credential-vault/catalog}); this page edits it.
 */
public final class CredentialVaultServicesPage extends ConsolePageFactory {

    public static final String ID = "latchkey-vault-services";
    private static final List<String> FIELDS = List.of("service_name", "label", "api_key_label",
            "service_user_id_label");
    private static final Map<String, String> WORDS = Map.of("service_name", "Service name", "label", "Label",
            "api_key_label", "Secret label", "service_user_id_label", "User id label");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create();
        for (String field : FIELDS) {
            builder.property().name(field).label("latchkey-vault-" + field).helpText("latchkey-vault-" + field + "-help")
                    .type(ProviderConfigProperty.STRING_TYPE).required(!field.equals("service_user_id_label")).add();
        }
        return builder.build();
    }

    @Override
    protected String keyProperty() {
        return "service_name";
    }

    @Override
    protected List<Map<String, List<String>>> read(KeycloakSession session, RealmModel realm) {
        List<Map<String, List<String>>> items = new ArrayList<>();
        VaultRealmSettings.catalog(realm).services().forEach(service -> items.add(item("service_name", service.name(),
                "label", service.label(), "api_key_label", service.apiKeyLabel(), "service_user_id_label",
                service.serviceUserIdLabel())));
        return items;
    }

    @Override
    protected void checkItem(MultivaluedHashMap<String, String> config) {
        parse(List.of(config));
    }

    @Override
    protected void write(KeycloakSession session, RealmModel realm, List<Map<String, List<String>>> items,
            String changedKey) {
        VaultRealmSettings.setCatalog(realm, parse(items));
    }

    /** The items as catalog entries, by the REST endpoint's rules; problems as one message in words. */
    private static List<CatalogEntryRepresentation> parse(List<? extends Map<String, List<String>>> items) {
        ArrayNode services = JSON.createArrayNode();
        for (Map<String, List<String>> item : items) {
            ObjectNode service = services.addObject();
            FIELDS.forEach(field -> {
                String value = first(item, field);
                if (!value.isEmpty()) {
                    service.put(field, value);
                }
            });
        }
        FieldErrors errors = new FieldErrors();
        List<CatalogEntryRepresentation> entries = CatalogEntryRepresentation.parse(services, errors);
        if (errors.isEmpty()) {
            return entries;
        }
        throw new IllegalArgumentException(sentences(errors, field -> {
            int close = field.indexOf("].");
            if (field.startsWith("services[") && close > 0) {
                String name = first(items.get(Integer.parseInt(field.substring(9, close))), "service_name");
                String words = WORDS.getOrDefault(field.substring(close + 2), field.substring(close + 2));
                return items.size() == 1 || name.isEmpty() ? words : "Service '" + name + "' " + words;
            }
            return field.equals("services") ? "Services" : field;
        }));
    }
}
