package io.latchkey.apikeys.jpa;

import io.latchkey.apikeys.jpa.entity.ApiKeyEntity;
import io.latchkey.common.jpa.LatchkeyJpaEntityProviderFactory;

/** {@code LK_API_KEY} and its changelog. */
public final class ApiKeysJpaEntityProviderFactory extends LatchkeyJpaEntityProviderFactory {

    public ApiKeysJpaEntityProviderFactory() {
        super("latchkey-api-keys", "META-INF/latchkey/api-keys/changelog-master.xml", ApiKeyEntity.class);
    }
}
