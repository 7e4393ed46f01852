package io.latchkey.vault.catalog;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The services a realm's users may store credentials for, in display order. */
public final class ServiceCatalog {

    /** The services the legacy credential service supported, for realms that have not set their own catalog. */
    public static final ServiceCatalog DEFAULT = new ServiceCatalog(List.of(
            new ServiceDefinition("spotify", "Spotify", "Access Token", null),
            new ServiceDefinition("lastfm", "Last.fm", "API Key", "Username"),
            new ServiceDefinition("trakt_client_id", "Trakt Client ID", "Client ID", null),
            new ServiceDefinition("trakt_client_secret", "Trakt Client Secret", "Client Secret", null),
            new ServiceDefinition("steam", "Steam", "API Key", "Steam ID"),
            new ServiceDefinition("psn", "PlayStation", "NPSSO Token", "PSN User ID"),
            new ServiceDefinition("xbox", "Xbox", "OpenXBL API Key", "XUID"),
            new ServiceDefinition("retroachievements", "RetroAchievements", "API Key", "Username")));

    private final Map<String, ServiceDefinition> services = new LinkedHashMap<>();

    public ServiceCatalog(Collection<ServiceDefinition> definitions) {
        for (ServiceDefinition definition : definitions) {
            if (services.putIfAbsent(definition.name(), definition) != null) {
                throw new IllegalArgumentException("Duplicate service name in catalog: " + definition.name());
            }
        }
    }

    public Optional<ServiceDefinition> find(String name) {
        return Optional.ofNullable(services.get(name));
    }

    public List<ServiceDefinition> services() {
        return List.copyOf(services.values());
    }

    public List<String> names() {
        return List.copyOf(services.keySet());
    }
}
