package io.latchkey.quota.jpa;

import io.latchkey.common.jpa.LatchkeyJpaEntityProviderFactory;
import io.latchkey.quota.jpa.entity.MessageLogEntity;
import io.latchkey.quota.jpa.entity.QuotaCounterEntity;

/** {@code LK_QUOTA_COUNTER}, {@code LK_MESSAGE_LOG} and their changelog. */
public final class QuotaJpaEntityProviderFactory extends LatchkeyJpaEntityProviderFactory {

    public QuotaJpaEntityProviderFactory() {
        super("latchkey-quota", "META-INF/latchkey/quota/changelog-master.xml", QuotaCounterEntity.class,
                MessageLogEntity.class);
    }
}
