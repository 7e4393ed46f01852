package io.latchkey.apikeys.jpa;

import io.latchkey.apikeys.jpa.entity.ApiKeyChangeCounterEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyChangeEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyDailyUsageEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyEntity;
import io.latchkey.common.jpa.LatchkeyJpaEntityProviderFactory;

/**
 * {@code LK_API_KEY}, the change feed ({@code LK_API_KEY_CHANGE} and its counter), the daily usage counters
 * ({@code LK_API_KEY_DAILY_USAGE}) and their changelog.
 */
public final class ApiKeysJpaEntityProviderFactory extends LatchkeyJpaEntityProviderFactory {

    public ApiKeysJpaEntityProviderFactory() {
        super("latchkey-api-keys", "META-INF/latchkey/api-keys/changelog-master.xml", ApiKeyEntity.class,
                ApiKeyChangeEntity.class, ApiKeyChangeCounterEntity.class, ApiKeyDailyUsageEntity.class);
    }
}
