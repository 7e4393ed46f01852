package io.latchkey.apikeys.jpa;

import io.latchkey.apikeys.jpa.entity.ApiKeyChangeCounterEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyChangeEntity;
import io.latchkey.apikeys.jpa.entity.ApiKeyEntity;
import io.latchkey.common.jpa.LatchkeyJpaEntityProviderFactory;

/** {@code LK_API_KEY}, the change feed ({@code LK_API_KEY_CHANGE} and its counter) and their changelog. */
public final class ApiKeysJpaEntityProviderFactory extends LatchkeyJpaEntityProviderFactory {

    public ApiKeysJpaEntityProviderFactory() {
        super("latchkey-api-keys", "META-INF/latchkey/api-keys/changelog-master.xml", ApiKeyEntity.class,
                ApiKeyChangeEntity.class, ApiKeyChangeCounterEntity.class);
    }
}
