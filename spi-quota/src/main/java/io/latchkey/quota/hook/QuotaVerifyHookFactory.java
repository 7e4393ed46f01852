package io.latchkey.quota.hook;

import org.keycloak.models.KeycloakSession;

import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.ApiKeyVerifyHookFactory;
import io.latchkey.common.StatelessProviderFactory;
import io.latchkey.common.ratelimit.RateLimiter;

/** Plugs quotas, the rate limit and the allow-list into API-key use. The rate limiter lives as long as the node. */
public final class QuotaVerifyHookFactory implements ApiKeyVerifyHookFactory, StatelessProviderFactory<ApiKeyVerifyHook> {

    private final RateLimiter rateLimiter = new RateLimiter();

    @Override
    public ApiKeyVerifyHook create(KeycloakSession session) {
        return new QuotaVerifyHook(rateLimiter);
    }

    @Override
    public String getId() {
        return "latchkey-quota";
    }
}
