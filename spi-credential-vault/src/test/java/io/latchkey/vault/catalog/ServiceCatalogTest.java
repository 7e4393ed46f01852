package io.latchkey.vault.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceCatalogTest {

    @Test
    void defaultCatalogHoldsTheLegacyServicesInOrder() {
        assertEquals(List.of("spotify", "lastfm", "trakt_client_id", "trakt_client_secret", "steam", "psn", "xbox",
                "retroachievements"), ServiceCatalog.DEFAULT.names());
    }

    @Test
    void onlyServicesWithAUserIdLabelAcceptOne() {
        assertFalse(ServiceCatalog.DEFAULT.find("spotify").orElseThrow().acceptsServiceUserId());
        assertTrue(ServiceCatalog.DEFAULT.find("lastfm").orElseThrow().acceptsServiceUserId());
        assertTrue(ServiceCatalog.DEFAULT.find("xbox").orElseThrow().acceptsServiceUserId());
    }

    @Test
    void unknownServiceIsAbsent() {
        assertTrue(ServiceCatalog.DEFAULT.find("Spotify").isEmpty());
    }

    @Test
    void duplicateNamesAreRefused() {
        var a = new ServiceDefinition("a", "A", "Key", null);
        assertThrows(IllegalArgumentException.class, () -> new ServiceCatalog(List.of(a, a)));
    }
}
