package io.latchkey.vault.rest;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Keycloak events for vault activity. Details name the service and never carry a secret, so they are safe for
 * every event listener, including the logging one.
 *
 * <p>Keycloak has no custom event types, so the closest built-in ones are used and {@code credential_type} says it
 * was the vault: writes are {@code UPDATE_CREDENTIAL}, deletes {@code REMOVE_CREDENTIAL}, and a backend's decrypted
 * read is {@code IDENTITY_PROVIDER_RETRIEVE_TOKEN}: the event Keycloak itself records when a client reads a user's
 * stored external token.
 */
final class VaultEvents {

    static final String CREDENTIAL_TYPE = "latchkey-credential-vault";

    private VaultEvents() {
    }

    static EventBuilder event(KeycloakSession session, RealmModel realm, EventType type, UserModel user,
            ClientModel client, String serviceName) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type)
                .user(user)
                .detail("credential_type", CREDENTIAL_TYPE);
        if (client != null) {
            event.client(client);
        }
        if (serviceName != null) {
            event.detail("service_name", serviceName);
        }
        return event;
    }
}
