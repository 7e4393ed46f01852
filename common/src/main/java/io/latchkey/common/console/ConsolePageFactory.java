package io.latchkey.common.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiPageProvider;
import org.keycloak.services.ui.extend.UiPageProviderFactory;

import io.latchkey.common.realm.EveryRealm;
import io.latchkey.common.rest.FieldErrors;
import jakarta.ws.rs.BadRequestException;

/**
 * A realm-level page of Keycloak's admin console ({@link UiPageProvider}, listed under <em>Configure</em>) over a list
 * the realm keeps elsewhere: a realm attribute behind Latchkey's admin REST, which stays the only truth.
 *
 * <p>The page's components are a mirror of that list. A change made on the page is checked item by item
 * ({@link #checkItem}, before anything is stored), then against the whole list and written to it ({@link #write},
 * in {@code onCreate}/{@code onUpdate}/{@code preRemove}, where an exception rolls the transaction back), and the
 * mirror is rewritten from the list ({@link #sync}). The REST endpoints call {@link #sync(KeycloakSession, RealmModel, String)} after their own
 * writes; realm creation and server start sync every realm. Keycloak 26.7's console shows such pages only with the
 * experimental {@code declarative-ui} feature; 26.7.3 loads the providers either way (measured), so the mirror stays
 * current while the pages are hidden.
 */
public abstract class ConsolePageFactory implements UiPageProvider, UiPageProviderFactory<ComponentModel> {

    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();
    private static final String SYNCING = ConsolePageFactory.class.getName() + ".syncing";

    /** The config property naming an item; unique within the list. */
    protected abstract String keyProperty();

    /** The list as it is now, each item in the page's config shape (canonical values). */
    protected abstract List<Map<String, List<String>>> read(KeycloakSession session, RealmModel realm);

    /**
     * Checks one item alone and may normalise it in place.
     *
     * @throws IllegalArgumentException with a message in words
     */
    protected abstract void checkItem(MultivaluedHashMap<String, String> config);

    /**
     * Checks the whole list and stores it as the truth.
     *
     * @param changedKey the key of the item created or updated, or null when one was removed
     * @throws IllegalArgumentException with a message in words when the list is not acceptable
     */
    protected abstract void write(KeycloakSession session, RealmModel realm, List<Map<String, List<String>>> items,
            String changedKey);

    /** The page's description: a message key, {@code <id>-help}, in the module's theme-resources messages. */
    @Override
    public String getHelpText() {
        return getId() + "-help";
    }

    @Override
    public UiPageProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        // No options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Realms created before the feature was switched on, or before this bundle was installed, are mirrored at
        // start-up; a page that cannot be mirrored must not keep the server from starting: it is only a view.
        EveryRealm.register(factory, "update the admin console page " + getId(), this::sync);
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", getConfigProperties().stream().limit(3).map(ProviderConfigProperty::getName)
                .toList());
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        // The console adds its route parameters (realm, providerId, id) to the config it saves; keep only ours.
        List<String> known = getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();
        model.getConfig().keySet().removeIf(key -> !known.contains(key));
        if (isSyncing(session)) {
            return;
        }
        try {
            checkItem(model.getConfig());
        } catch (IllegalArgumentException e) {
            // Keycloak formats the message as a MessageFormat pattern: pass ours as the argument, quotes intact.
            throw new ComponentValidationException("{0}", e.getMessage());
        }
        model.setName(key(model));
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (!isSyncing(session)) {
            apply(session, realm, null, model);
        }
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        if (!isSyncing(session)) {
            apply(session, realm, key(oldModel), newModel);
        }
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        if (isSyncing(session)) {
            return;
        }
        String key = key(model);
        List<Map<String, List<String>>> items = new ArrayList<>(read(session, realm));
        items.removeIf(item -> key.equals(first(item, keyProperty())));
        store(session, realm, items, null);
    }

    private void apply(KeycloakSession session, RealmModel realm, String oldKey, ComponentModel model) {
        String key = key(model);
        List<Map<String, List<String>>> items = new ArrayList<>(read(session, realm));
        int at = -1;
        for (int i = 0; i < items.size(); i++) {
            String existing = first(items.get(i), keyProperty());
            if (existing.equals(oldKey)) {
                at = i;
            } else if (existing.equals(key)) {
                throw new BadRequestException("'" + key + "' already exists; choose another name or edit that one.");
            }
        }
        Map<String, List<String>> item = new LinkedHashMap<>(model.getConfig());
        if (at >= 0) {
            items.set(at, item);
        } else {
            items.add(item);
        }
        store(session, realm, items, key);
    }

    private void store(KeycloakSession session, RealmModel realm, List<Map<String, List<String>>> items,
            String changedKey) {
        try {
            write(session, realm, items, changedKey);
        } catch (IllegalArgumentException e) {
            // A WebApplicationException, unlike ComponentValidationException here, rolls the transaction back.
            throw new BadRequestException(e.getMessage());
        }
        sync(session, realm);
    }

    /** Rewrites the realm's page components from the list: same keys, same values, no duplicates. */
    public final void sync(KeycloakSession session, RealmModel realm) {
        Object previous = session.getAttribute(SYNCING);
        session.setAttribute(SYNCING, Boolean.TRUE);
        try {
            Map<String, ComponentModel> existing = new HashMap<>();
            realm.getComponentsStream(realm.getId(), PROVIDER_TYPE).filter(c -> getId().equals(c.getProviderId()))
                    .toList().forEach(component -> {
                        if (existing.putIfAbsent(first(component.getConfig(), keyProperty()), component) != null) {
                            realm.removeComponent(component);
                        }
                    });
            for (Map<String, List<String>> item : read(session, realm)) {
                String key = first(item, keyProperty());
                ComponentModel component = existing.remove(key);
                MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
                item.forEach(config::put);
                if (component == null) {
                    component = new ComponentModel();
                    component.setName(key);
                    component.setParentId(realm.getId());
                    component.setProviderType(PROVIDER_TYPE);
                    component.setProviderId(getId());
                    component.setConfig(config);
                    realm.addComponentModel(component);
                } else if (!config.equals(component.getConfig()) || !key.equals(component.getName())) {
                    component.setName(key);
                    component.setConfig(config);
                    realm.updateComponent(component);
                }
            }
            existing.values().forEach(realm::removeComponent);
        } finally {
            if (previous == null) {
                session.removeAttribute(SYNCING);
            }
        }
    }

    /**
     * Rewrites the mirror of page {@code pageId} after the list changed through REST. A no-op when the page is not
     * loaded (the {@code declarative-ui} feature is off).
     */
    public static void sync(KeycloakSession session, RealmModel realm, String pageId) {
        if (session.getKeycloakSessionFactory().getProviderFactory(UiPageProvider.class, pageId)
                instanceof ConsolePageFactory page) {
            page.sync(session, realm);
        }
    }

    private static boolean isSyncing(KeycloakSession session) {
        return session.getAttribute(SYNCING) != null;
    }

    private String key(ComponentModel model) {
        return first(model.getConfig(), keyProperty());
    }

    /** Every field error as the console's one-line message: {@code <where>: <message>}, space separated. */
    protected static String sentences(FieldErrors errors, UnaryOperator<String> where) {
        StringBuilder message = new StringBuilder();
        errors.forEach((field, text) -> message.append(message.length() == 0 ? "" : " ").append(where.apply(field))
                .append(": ").append(text));
        return message.toString();
    }

    /** The first value of {@code name}, or "" when there is none. */
    protected static String first(Map<String, List<String>> config, String name) {
        List<String> values = config.get(name);
        return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
    }

    /** One item's config from single values; null values are left out. */
    protected static Map<String, List<String>> item(String... keysAndValues) {
        Map<String, List<String>> item = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                item.put(keysAndValues[i], List.of(Objects.requireNonNull(keysAndValues[i + 1])));
            }
        }
        return item;
    }
}
