package io.latchkey.quota.jpa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

import io.latchkey.common.BundleInfo;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.QuotaProviderFactory;

/**
 * Quotas and the message log in Keycloak's database; a deleted user's or realm's counters go with them. Options
 * ({@code --spi-quota--jpa--<option>}): {@code message-batch-size} (100), {@code message-flush-interval} (ms, 2000),
 * {@code message-buffer-limit} (10000), {@code retention-interval} (ms between retention runs, one day).
 */
public final class JpaQuotaProviderFactory implements QuotaProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";
    static final String BATCH_SIZE = "message-batch-size";
    static final String FLUSH_INTERVAL = "message-flush-interval";
    static final String BUFFER_LIMIT = "message-buffer-limit";
    static final String RETENTION_INTERVAL = "retention-interval";
    static final String RETENTION_TASK = "latchkey-message-retention";

    private static final Logger LOG = Logger.getLogger(JpaQuotaProviderFactory.class);

    private MessageLogBuffer messages;
    private long flushMillis;
    private long retentionMillis;
    private ScheduledExecutorService writer;

    @Override
    public QuotaProvider create(KeycloakSession session) {
        return new JpaQuotaProvider(session, messages);
    }

    @Override
    public void init(Config.Scope config) {
        int batchSize = config.getInt(BATCH_SIZE, 100);
        int limit = config.getInt(BUFFER_LIMIT, 10_000);
        flushMillis = config.getLong(FLUSH_INTERVAL, 2000L);
        retentionMillis = config.getLong(RETENTION_INTERVAL, 86_400_000L);
        if (batchSize < 1 || limit < batchSize || flushMillis < 10 || retentionMillis < 1000) {
            throw new IllegalStateException("--spi-quota--jpa--: message-batch-size must be >= 1, message-buffer-limit"
                    + " >= message-batch-size, message-flush-interval >= 10 ms, retention-interval >= 1000 ms");
        }
        messages = new MessageLogBuffer(batchSize, limit);
    }

    /** Closed before Keycloak's database connection, so the last batch can still be written at shutdown. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-message-log");
            thread.setDaemon(true);
            return thread;
        });
        messages.start(factory, writer);
        writer.scheduleWithFixedDelay(messages::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        // Retention runs once per cluster per interval (Keycloak's cluster-aware runner), not once per node.
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(new ClusterAwareScheduledTaskRunner(factory,
                    new MessageRetentionTask(), retentionMillis), retentionMillis, RETENTION_TASK);
        }
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                provider(removed.getKeycloakSession()).removeSubject(removed.getRealm().getId(),
                        JpaQuotaProvider.USER, removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                provider(removed.getKeycloakSession()).removeRealm(removed.getRealm().getId());
                QuotaRealmSettings.forget(removed.getRealm().getId());
            }
        });
    }

    private static JpaQuotaProvider provider(KeycloakSession session) {
        return (JpaQuotaProvider) session.getProvider(QuotaProvider.class, ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(BATCH_SIZE).type("int").defaultValue(100)
                .helpText("Message-log records written per transaction; a full batch is written at once.").add()
                .property().name(FLUSH_INTERVAL).type("long").defaultValue(2000L)
                .helpText("Milliseconds between writes of queued message-log records.").add()
                .property().name(BUFFER_LIMIT).type("int").defaultValue(10_000)
                .helpText("Queued records at which requests write the batch themselves (bounds memory).").add()
                .property().name(RETENTION_INTERVAL).type("long").defaultValue(86_400_000L)
                .helpText("Milliseconds between message-log retention runs (once per cluster).").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.operationalInfo("spi-quota"));
        info.put("message-log-waiting", Integer.toString(messages.waiting()));
        return info;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int waiting = messages.waiting();
            messages.flush();
            LOG.infof("Message log: wrote %d queued records at shutdown (%d left)", waiting, messages.waiting());
        }
    }
}
