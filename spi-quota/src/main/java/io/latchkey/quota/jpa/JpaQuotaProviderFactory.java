package io.latchkey.quota.jpa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import io.latchkey.quota.hook.QuotaSettings;
import io.latchkey.quota.jpa.entity.MessageLogEntity;
import io.latchkey.quota.messagelog.GroupCommitLog;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.QuotaProviderFactory;

/**
 * Quotas and the message log in Keycloak's database; a deleted user's or realm's counters go with them. Options
 * ({@code --spi-quota--jpa--<option>}): {@code message-buffer-bytes} (memory for records waiting to be written,
 * 64 MiB), {@code message-commit-timeout} (ms a request waits for its record's commit, 5000),
 * {@code message-batch-size} (most records per transaction, 500), {@code message-writers} (writer threads, each with
 * one transaction at a time, 4), {@code retention-interval} (ms between retention
 * runs, one day). {@code message-flush-interval} and {@code message-buffer-limit} are accepted and ignored: records are
 * no longer held for a timed flush, and memory is bounded in bytes.
 */
public final class JpaQuotaProviderFactory implements QuotaProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";
    static final String BATCH_SIZE = "message-batch-size";
    static final String BUFFER_BYTES = "message-buffer-bytes";
    static final String COMMIT_TIMEOUT = "message-commit-timeout";
    static final long DEFAULT_BUFFER_BYTES = 64L * 1024 * 1024;
    static final long DEFAULT_COMMIT_TIMEOUT = 5000L;
    static final int DEFAULT_BATCH_SIZE = 500;
    static final String WRITERS = "message-writers";
    static final int DEFAULT_WRITERS = 4;
    static final int MAX_WRITERS = 64;
    /** Options of the timed, in-memory log that group commit replaced; still accepted so old command lines start. */
    static final List<String> RETIRED = List.of("message-flush-interval", "message-buffer-limit");
    static final String RETENTION_INTERVAL = "retention-interval";
    static final String RETENTION_TASK = "latchkey-message-retention";

    private static final Logger LOG = Logger.getLogger(JpaQuotaProviderFactory.class);

    private GroupCommitLog<MessageLogEntity> messages;
    private long bufferBytes;
    private long commitTimeout;
    private int batchSize;
    private int writers;
    private long retentionMillis;

    @Override
    public QuotaProvider create(KeycloakSession session) {
        return new JpaQuotaProvider(session, messages);
    }

    @Override
    public void init(Config.Scope config) {
        batchSize = config.getInt(BATCH_SIZE, DEFAULT_BATCH_SIZE);
        bufferBytes = config.getLong(BUFFER_BYTES, DEFAULT_BUFFER_BYTES);
        commitTimeout = config.getLong(COMMIT_TIMEOUT, DEFAULT_COMMIT_TIMEOUT);
        retentionMillis = config.getLong(RETENTION_INTERVAL, 86_400_000L);
        writers = config.getInt(WRITERS, DEFAULT_WRITERS);
        if (batchSize < 1 || bufferBytes < 1 || commitTimeout < 100 || commitTimeout > 60_000
                || retentionMillis < 1000 || writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalStateException("--spi-quota--jpa--: message-batch-size must be >= 1, message-buffer-bytes"
                    + " >= 1, message-commit-timeout 100 to 60000 ms, message-writers 1 to " + MAX_WRITERS
                    + ", retention-interval >= 1000 ms");
        }
        for (String retired : RETIRED) {
            if (config.get(retired) != null) {
                LOG.warnf("--spi-quota--jpa--%s is no longer used: a message-log request is answered once its record"
                        + " is committed, and memory is bounded by message-buffer-bytes", retired);
            }
        }
    }

    /** Closed before Keycloak's database connection, so the last batch can still be written at shutdown. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        messages = new GroupCommitLog<>(new JpaMessageLogWriter(factory), bufferBytes, batchSize, commitTimeout);
        messages.start("latchkey-message-log", writers);
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
                QuotaSettings.forget(removed.getRealm().getId());
            }
        });
    }

    private static JpaQuotaProvider provider(KeycloakSession session) {
        return (JpaQuotaProvider) session.getProvider(QuotaProvider.class, ID);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(BUFFER_BYTES).type("long").defaultValue(DEFAULT_BUFFER_BYTES)
                .helpText("Bytes of memory for message-log records waiting to be committed; past it, log-message"
                        + " answers 503 with Retry-After.").add()
                .property().name(COMMIT_TIMEOUT).type("long").defaultValue(DEFAULT_COMMIT_TIMEOUT)
                .helpText("Milliseconds a log-message request waits for its record's commit before answering 503.")
                .add()
                .property().name(BATCH_SIZE).type("int").defaultValue(DEFAULT_BATCH_SIZE)
                .helpText("Most message-log records written in one transaction.").add()
                .property().name(WRITERS).type("int").defaultValue(DEFAULT_WRITERS)
                .helpText("Message-log writer threads, each with one transaction at a time (1 to 64); each holds a"
                        + " database connection while it writes.").add()
                .property().name(RETIRED.get(0)).type("long")
                .helpText("No longer used: records are committed before log-message answers.").add()
                .property().name(RETIRED.get(1)).type("int")
                .helpText("No longer used: memory is bounded by message-buffer-bytes.").add()
                .property().name(RETENTION_INTERVAL).type("long").defaultValue(86_400_000L)
                .helpText("Milliseconds between message-log retention runs (once per cluster).").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.operationalInfo("spi-quota"));
        info.put("message-log-waiting", Integer.toString(messages == null ? 0 : messages.held()));
        return info;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        if (messages != null) {
            // Requests already waiting get their answer; new ones are answered 503.
            messages.close(10_000);
            int left = messages.held();
            if (left > 0) {
                LOG.warnf("Message log: %d records were still being written at shutdown; their callers were not told"
                        + " they were logged", left);
            }
        }
    }
}
