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
        config.dependencyCurrentProject().dependency(GROUP_ID, "latchkey-common", true);
        if (consolePages()) {
            // As the run command and deploy/keycloak.conf: the admin console's Latchkey pages need declarative-ui.
            config.features(Profile.Feature.DECLARATIVE_UI);
        } else {
            // Named explicitly: a start without it keeps the build options of the previous (augmented) server.
            config.featuresDisabled(Profile.Feature.DECLARATIVE_UI);
        }
        return extra(config);
    }

    /** Whether Keycloak's experimental declarative-ui feature, and with it Latchkey's console pages, is on. */
    protected boolean consolePages() {
        return true;
    }

    /** Adds what this module needs beyond itself and latchkey-common. */
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config;
    }
}
