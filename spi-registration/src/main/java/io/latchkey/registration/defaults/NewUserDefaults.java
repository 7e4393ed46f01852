package io.latchkey.registration.defaults;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Gives a self-registered user the default value of every user-profile attribute they could not set themselves.
 *
 * <p>Keycloak applies a profile attribute's {@code defaultValue} only where the attribute is writable: an
 * administrator creating a user gets it, but a user registering (the login page or {@code POST .../registration})
 * cannot write admin-only attributes, so theirs stay empty. Accounts of the legacy services always had a plan and a
 * level ({@code free}, {@code basic}) and their clients read them from the profile; a realm admin states such defaults
 * in the user profile, and this listener writes them at registration, in the registration's own transaction. It runs
 * for every realm (a global listener) and writes nothing a user already has.
 */
final class NewUserDefaults implements EventListenerProvider {

    private final KeycloakSession session;

    NewUserDefaults(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (event.getType() != EventType.REGISTER || event.getUserId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return;
        }
        for (UPAttribute attribute : session.getProvider(UserProfileProvider.class).getConfiguration()
                .getAttributes()) {
            String value = attribute.getDefaultValue();
            if (value != null && !isRoot(attribute.getName()) && user.getFirstAttribute(attribute.getName()) == null) {
                user.setSingleAttribute(attribute.getName(), value);
            }
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Administrators' writes already get the profile's defaults from Keycloak.
    }

    @Override
    public void close() {
        // Nothing of its own to release.
    }

    private static boolean isRoot(String name) {
        return UserModel.USERNAME.equals(name) || UserModel.EMAIL.equals(name) || UserModel.FIRST_NAME.equals(name)
                || UserModel.LAST_NAME.equals(name);
    }
}
