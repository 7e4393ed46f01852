package io.latchkey.testsupport;

import java.util.Map;
import java.util.Optional;

import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ProviderRepresentation;
import org.keycloak.representations.info.SpiInfoRepresentation;

/** Reads the admin console's "Provider info" (server info) of the running server. */
public final class ServerInfo {

    public static final String REALM_RESOURCE_SPI = "realm-restapi-extension";

    private ServerInfo() {
    }

    /** The operational info a provider reports, or empty when the server has not loaded it. */
    public static Optional<Map<String, String>> operationalInfo(Keycloak admin, String spi, String providerId) {
        SpiInfoRepresentation spiInfo = admin.serverInfo().getInfo().getProviders().get(spi);
        if (spiInfo == null) {
            return Optional.empty();
        }
        ProviderRepresentation provider = spiInfo.getProviders().get(providerId);
        return provider == null ? Optional.empty() : Optional.ofNullable(provider.getOperationalInfo());
    }
}
