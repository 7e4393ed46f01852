package io.latchkey.registration.rest;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;
import io.latchkey.common.ratelimit.RateLimiter;

/** Mounts {@link RegistrationResource} at {@code /realms/{realm}/registration}. */
public final class RegistrationResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "registration";

    /** Per node, like the quota module's: registrations are rare, so a minute window per address is enough. */
    private final RateLimiter rateLimiter = new RateLimiter();

    public RegistrationResourceProviderFactory() {
        super(ID, "spi-registration");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new RegistrationResource(session, rateLimiter);
    }
}
