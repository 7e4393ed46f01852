package io.latchkey.quota.jpa;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

import io.latchkey.quota.spi.QuotaProvider;

/** Deletes message-log records past each realm's retention. Scheduled to run once per cluster per interval. */
final class MessageRetentionTask implements ScheduledTask {

    private static final Logger LOG = Logger.getLogger(MessageRetentionTask.class);

    @Override
    public void run(KeycloakSession session) {
        QuotaProvider quotas = session.getProvider(QuotaProvider.class);
        session.realms().getRealmsStream().forEach(realm -> {
            int removed = quotas.applyRetention(realm);
            if (removed > 0) {
                LOG.infof("Message log retention removed %d records of realm %s", removed, realm.getName());
            }
        });
    }

    @Override
    public String getTaskName() {
        return JpaQuotaProviderFactory.RETENTION_TASK;
    }
}
