package io.latchkey.quota.it;

import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.LatchkeyServerConfig;

/** The quota module with the api-keys module it plugs into (and that module's pepper). */
public class QuotaServerConfig extends LatchkeyServerConfig {

    @Override
    protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
        return config.dependency(GROUP_ID, "latchkey-api-keys", true)
                .option("metrics-enabled", "true")
                .spiOption("api-keys", "jpa", "pepper", "it-pepper-for-quota-tests-0123456789abcdefghijkl");
    }

    /**
     * The same server with a message log that holds at most one byte of waiting records: one record at a time gets
     * through (a record is always let in when nothing else is held), so concurrent posts meet the bound.
     */
    public static final class TinyMessageBuffer extends QuotaServerConfig {

        @Override
        protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
            return super.extra(config).spiOption("quota", "jpa", "message-buffer-bytes", "1");
        }
    }

    /**
     * The same server behind a reverse proxy: the client address is the one X-Forwarded-For names (so one machine can
     * speak as many IPv4 and IPv6 clients), and the per-address rate limit tracks at most {@link #MAX_CLIENTS}
     * addresses, so a test can drive it past its memory bound.
     */
    public static final class BehindProxy extends QuotaServerConfig {

        public static final int MAX_CLIENTS = 256;

        @Override
        protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
            return super.extra(config).option("proxy-headers", "xforwarded")
                    .spiOption("latchkey-api-key-verify-hook", "latchkey-quota", "rate-limit-max-clients",
                            Integer.toString(MAX_CLIENTS));
        }
    }

    /** The same server without the declarative-ui feature: no console pages, the REST API unchanged. */
    public static final class WithoutConsolePages extends QuotaServerConfig {

        @Override
        protected boolean consolePages() {
            return false;
        }
    }
}
