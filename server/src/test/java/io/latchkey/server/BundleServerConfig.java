package io.latchkey.server;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/** The whole bundle, as the assembled server carries it: every provider jar, the themes and their libraries. */
public final class BundleServerConfig implements KeycloakServerConfig {

    private static final String LATCHKEY = "io.latchkey";

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config
                .features(Profile.Feature.DECLARATIVE_UI)
                .dependency(LATCHKEY, "latchkey-common", true)
                .dependency(LATCHKEY, "latchkey-credential-vault", true)
                .dependency(LATCHKEY, "latchkey-api-keys", true)
                .dependency(LATCHKEY, "latchkey-quota", true)
                .dependency(LATCHKEY, "latchkey-discogs-broker", true)
                .dependency(LATCHKEY, "latchkey-registration", true)
                .dependency(LATCHKEY, "latchkey-api-docs", true)
                .dependency(LATCHKEY, "latchkey-themes", true)
                .dependency("com.google.crypto.tink", "tink")
                .dependency("com.github.scribejava", "scribejava-core")
                .dependency("com.github.scribejava", "scribejava-java8");
    }
}
