package io.latchkey.vault.catalog;

import java.util.Objects;

/**
 * One third-party service a user may store a credential for (a row of the realm's catalog).
 *
 * @param name               the {@code service_name} clients send, e.g. {@code lastfm}
 * @param label              human name, e.g. {@code Last.fm}
 * @param apiKeyLabel        what the secret is for this service, e.g. {@code API Key} or {@code NPSSO Token}
 * @param serviceUserIdLabel what {@code service_user_id} means for this service, or null when it takes none
 */
public record ServiceDefinition(String name, String label, String apiKeyLabel, String serviceUserIdLabel) {

    public ServiceDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(apiKeyLabel, "apiKeyLabel");
    }

    /** Whether the service takes an optional {@code service_user_id}. */
    public boolean acceptsServiceUserId() {
        return serviceUserIdLabel != null;
    }
}
