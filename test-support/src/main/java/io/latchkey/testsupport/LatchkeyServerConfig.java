package io.latchkey.testsupport;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * Server config for a module's integration tests: the module under test plus latchkey-common, both deployed
 * from their {@code target/classes} (hot deploy is switched on in the parent POM's failsafe configuration).
 * Modules that need third-party jars or sibling modules extend {@link #extra}.
 */
public class LatchkeyServerConfig implements KeycloakServerConfig {

    public static final String GROUP_ID = "io.latchkey";

    @Override
    public final KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        // As the run command and docker-compose.yml: the admin console's Latchkey pages need declarative-ui.
        return extra(config.dependencyCurrentProject().dependency(GROUP_ID, "latchkey-common", true)
                .features(Profile.Feature.DECLARATIVE_UI));
    }

    /** Adds what this module needs beyond itself and latchkey-common. */
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config;
    }
}
