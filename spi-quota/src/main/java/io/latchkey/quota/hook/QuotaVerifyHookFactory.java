package io.latchkey.quota.hook;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;

import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.ApiKeyVerifyHookFactory;
import io.latchkey.common.StatelessProviderFactory;
import io.latchkey.common.ratelimit.RateLimiter;

/**
 * Plugs quotas, the rate limit and the allow-list into API-key use. The rate limiter lives as long as the node.
 *
 * <p>Option {@code rate-limit-max-clients} ({@code --spi-latchkey-api-key-verify-hook--latchkey-quota--...}): the
 * most client addresses (IPv6: /64 networks) the per-address limit tracks at once, default
 * {@value RateLimiter#DEFAULT_MAX_ENTRIES}. On the metrics endpoint, {@code latchkey_rate_limit_clients} is how many it
 * tracks now and {@code latchkey_rate_limit_capacity} the most it will, so an operator sees a flood of addresses
 * reach the bound rather than the heap.
 */
public final class QuotaVerifyHookFactory implements ApiKeyVerifyHookFactory, StatelessProviderFactory<ApiKeyVerifyHook> {

    static final String MAX_CLIENTS = "rate-limit-max-clients";
    private static final Tags API_KEY_USE = Tags.of("limiter", "api-key-use");

    private RateLimiter rateLimiter;

    @Override
    public void init(Config.Scope config) {
        int maxClients = config.getInt(MAX_CLIENTS, RateLimiter.DEFAULT_MAX_ENTRIES);
        if (maxClients < 1 || maxClients > 10_000_000) {
            throw new IllegalStateException("--spi-latchkey-api-key-verify-hook--latchkey-quota--" + MAX_CLIENTS
                    + " must be between 1 and 10000000 client addresses");
        }
        rateLimiter = new RateLimiter(maxClients);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        Metrics.gauge("latchkey.rate.limit.clients", API_KEY_USE, rateLimiter, RateLimiter::tracked);
        Metrics.gauge("latchkey.rate.limit.capacity", API_KEY_USE, rateLimiter, RateLimiter::capacity);
    }

    @Override
    public ApiKeyVerifyHook create(KeycloakSession session) {
        return new QuotaVerifyHook(rateLimiter);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_CLIENTS).type("int").defaultValue(RateLimiter.DEFAULT_MAX_ENTRIES)
                .helpText("Most client addresses (IPv6: /64 networks) the per-address rate limit tracks at once; past"
                        + " it the one seen least recently is forgotten.")
                .add()
                .build();
    }

    @Override
    public String getId() {
        return "latchkey-quota";
    }
}
