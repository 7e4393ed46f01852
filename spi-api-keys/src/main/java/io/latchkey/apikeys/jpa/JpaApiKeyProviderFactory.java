package io.latchkey.apikeys.jpa;

import java.nio.file.Path;
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
import org.keycloak.common.util.Environment;
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

import io.latchkey.apikeys.cache.VerifyCache;
import io.latchkey.apikeys.cluster.KeycloakCacheWatch;
import io.latchkey.apikeys.cluster.VerifyCacheCluster;
import io.latchkey.apikeys.keys.KeyHasher;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeyProviderFactory;
import io.latchkey.common.BundleInfo;

/**
 * Options ({@code --spi-api-keys--jpa--<option>}):
 * <ul>
 * <li>{@code pepper}: the HMAC pepper (at least 32 bytes), best given as {@code KC_SPI_API_KEYS__JPA__PEPPER};</li>
 * <li>{@code pepper-file}: a file holding the pepper (a mounted secret), read at start;</li>
 * <li>{@code pepper-vault-secret}: a Keycloak vault secret name holding a pepper per realm, tried first;</li>
 * <li>{@code usage-flush-interval}: milliseconds between writes of buffered usage (default 5000);</li>
 * <li>{@code verify-cache-size}: how many verified keys each node keeps in memory (default 10000; 0 turns the cache
 * off);</li>
 * <li>{@code verify-cache-max-age}: milliseconds a cached key is used before it is read again (default 30000);</li>
 * <li>{@code verify-cache-poll-interval}: milliseconds between two reads of the change feed (default 500); a node
 * serves a changed key for at most three intervals after the change committed, whether or not it hears the cluster's
 * events;</li>
 * <li>{@code lifetime-interval}: milliseconds between two runs of the key lifetime job (default one hour), which
 * applies each realm's inactivity rule and expiry reminders, once per cluster.</li>
 * </ul>
 * Production mode refuses to start with neither pepper option; development mode generates one into the data
 * directory with a warning.
 */
public final class JpaApiKeyProviderFactory implements ApiKeyProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";
    static final String PEPPER = "pepper";
    static final String PEPPER_FILE = "pepper-file";
    static final String PEPPER_VAULT_SECRET = "pepper-vault-secret";
    static final String USAGE_FLUSH_INTERVAL = "usage-flush-interval";
    static final String DEV_PEPPER = "data/latchkey/api-keys-dev-pepper";
    static final long DEFAULT_FLUSH_MILLIS = 5000;
    static final String VERIFY_CACHE_SIZE = "verify-cache-size";
    static final String VERIFY_CACHE_MAX_AGE = "verify-cache-max-age";
    static final int DEFAULT_CACHE_SIZE = 10_000;
    static final long DEFAULT_CACHE_MAX_AGE_MILLIS = 30_000;
    static final String VERIFY_CACHE_POLL_INTERVAL = "verify-cache-poll-interval";
    static final long DEFAULT_POLL_MILLIS = 500;
    static final String LIFETIME_INTERVAL = "lifetime-interval";
    static final long DEFAULT_LIFETIME_MILLIS = 3_600_000;
    /**
     * How many poll intervals after the latest successful poll's start the cache still serves: one for the wait until
     * the next poll, one for that poll's own work and one of margin for a slow database or a pause of the node.
     */
    static final int STALENESS_INTERVALS = 3;

    private static final Logger LOG = Logger.getLogger(JpaApiKeyProviderFactory.class);

    private final UsageRecorder usage = new UsageRecorder();
    private PepperSource peppers;
    private long flushMillis;
    private ScheduledExecutorService flusher;
    private KeycloakSessionFactory sessionFactory;
    private VerifyCache cache;
    private long pollMillis;
    private VerifyCacheCluster cluster;
    private KeycloakCacheWatch watch = KeycloakCacheWatch.none();
    private ChangeFeedPoller poller;
    private long lifetimeMillis;

    @Override
    public ApiKeyProvider create(KeycloakSession session) {
        return new JpaApiKeyProvider(session, peppers, usage, cache, cluster, watch);
    }

    @Override
    public void init(Config.Scope config) {
        String vaultSecret = blankToNull(config.get(PEPPER_VAULT_SECRET));
        String pepper = blankToNull(config.get(PEPPER));
        String pepperFile = blankToNull(config.get(PEPPER_FILE));
        boolean devMode = Environment.isDevMode();
        KeyHasher configured = null;
        if (pepper != null) {
            configured = PepperSource.hasher(pepper, "--spi-api-keys--jpa--" + PEPPER);
        } else if (pepperFile != null) {
            configured = PepperSource.hasher(PepperSource.read(Path.of(pepperFile), devMode), pepperFile);
        } else if (vaultSecret == null) {
            if (!devMode) {
                throw new IllegalStateException("API keys have no pepper. Production mode needs"
                        + " --spi-api-keys--jpa--" + PEPPER + " (or KC_SPI_API_KEYS__JPA__PEPPER) with at least 32"
                        + " random bytes, --spi-api-keys--jpa--" + PEPPER_FILE + "=<file>, or --spi-api-keys--jpa--"
                        + PEPPER_VAULT_SECRET + "=<vault secret name> (see the README's API keys section); start-dev"
                        + " generates a development pepper instead.");
            }
            Path file = Path.of(System.getProperty("kc.home.dir", "."), DEV_PEPPER);
            configured = PepperSource.hasher(PepperSource.read(file, true), file.toString());
        }
        peppers = new PepperSource(configured, vaultSecret);
        flushMillis = config.getLong(USAGE_FLUSH_INTERVAL, DEFAULT_FLUSH_MILLIS);
        if (flushMillis < 10 || flushMillis > 3_600_000) {
            throw new IllegalStateException("--spi-api-keys--jpa--" + USAGE_FLUSH_INTERVAL
                    + " must be between 10 and 3600000 milliseconds");
        }
        int cacheSize = config.getInt(VERIFY_CACHE_SIZE, DEFAULT_CACHE_SIZE);
        long cacheMaxAge = config.getLong(VERIFY_CACHE_MAX_AGE, DEFAULT_CACHE_MAX_AGE_MILLIS);
        if (cacheSize < 0 || cacheSize > 10_000_000) {
            throw new IllegalStateException("--spi-api-keys--jpa--" + VERIFY_CACHE_SIZE
                    + " must be between 0 (no cache) and 10000000 keys");
        }
        if (cacheMaxAge < 0 || cacheMaxAge > 3_600_000) {
            throw new IllegalStateException("--spi-api-keys--jpa--" + VERIFY_CACHE_MAX_AGE
                    + " must be between 0 and 3600000 milliseconds");
        }
        pollMillis = config.getLong(VERIFY_CACHE_POLL_INTERVAL, DEFAULT_POLL_MILLIS);
        if (pollMillis < 50 || pollMillis > 60_000) {
            throw new IllegalStateException("--spi-api-keys--jpa--" + VERIFY_CACHE_POLL_INTERVAL
                    + " must be between 50 and 60000 milliseconds");
        }
        lifetimeMillis = config.getLong(LIFETIME_INTERVAL, DEFAULT_LIFETIME_MILLIS);
        if (lifetimeMillis < 1000 || lifetimeMillis > 86_400_000) {
            throw new IllegalStateException("--spi-api-keys--jpa--" + LIFETIME_INTERVAL
                    + " must be between 1000 and 86400000 milliseconds");
        }
        cache = new VerifyCache(cacheMaxAge == 0 ? 0 : cacheSize, cacheMaxAge, STALENESS_INTERVALS * pollMillis,
                System::currentTimeMillis);
    }

    /** Closed before Keycloak's database connection, so buffered usage can still be written at shutdown. */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class, TimerProvider.class);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                provider(removed.getKeycloakSession()).deactivateOwner(removed.getRealm().getId(),
                        removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                provider(removed.getKeycloakSession()).removeRealm(removed.getRealm().getId());
                ApiKeySettings.forget(removed.getRealm().getId());
            }
        });
        cluster = VerifyCacheCluster.register(factory, cache);
        watch = KeycloakCacheWatch.register(factory, cache.owners());
        if (cache.maxEntries() > 0) {
            poller = new ChangeFeedPoller(factory, cache, pollMillis);
            poller.start();
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-api-key-usage");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(() -> usage.flush(factory), flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        // Once per cluster per interval (Keycloak's cluster-aware runner), as Keycloak schedules its own clean-ups.
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class).schedule(new ClusterAwareScheduledTaskRunner(factory,
                    new KeyLifetimeTask(), lifetimeMillis), lifetimeMillis, KeyLifetimeTask.TASK);
        }
    }

    private static JpaApiKeyProvider provider(KeycloakSession session) {
        return (JpaApiKeyProvider) session.getProvider(ApiKeyProvider.class, ID);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A clean stop writes what is buffered, so only a crash can lose usage counts.
            try {
                usage.flush(sessionFactory);
            } catch (RuntimeException e) {
                LOG.warnf("API-key usage not written at shutdown: %s", e.getMessage());
            }
        }
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(PEPPER).type("password")
                .helpText("Secret pepper for the HMAC-SHA-256 of stored API keys, at least 32 bytes. Required in"
                        + " production unless pepper-vault-secret is set. Changing it invalidates every key.")
                .add()
                .property().name(PEPPER_FILE).type("string")
                .helpText("File holding the pepper (e.g. a mounted secret), read at start; start-dev creates it when"
                        + " missing.")
                .add()
                .property().name(PEPPER_VAULT_SECRET).type("string")
                .helpText("Name of a Keycloak vault secret holding the pepper, resolved per realm; tried before"
                        + " pepper.")
                .add()
                .property().name(USAGE_FLUSH_INTERVAL).type("long").defaultValue(DEFAULT_FLUSH_MILLIS)
                .helpText("Milliseconds between writes of buffered last_used_at / last_used_ip / usage_count.")
                .add()
                .property().name(VERIFY_CACHE_SIZE).type("int").defaultValue(DEFAULT_CACHE_SIZE)
                .helpText("Verified keys each node keeps in memory, so their verifies read no database; 0 turns the"
                        + " cache off.")
                .add()
                .property().name(VERIFY_CACHE_MAX_AGE).type("long").defaultValue(DEFAULT_CACHE_MAX_AGE_MILLIS)
                .helpText("Milliseconds a cached key is used before it is read again. 0 turns the cache off.")
                .add()
                .property().name(LIFETIME_INTERVAL).type("long").defaultValue(DEFAULT_LIFETIME_MILLIS)
                .helpText("Milliseconds between two runs of the key lifetime job (inactive keys revoked, expiry"
                        + " reminders sent), once per cluster.")
                .add()
                .property().name(VERIFY_CACHE_POLL_INTERVAL).type("long").defaultValue(DEFAULT_POLL_MILLIS)
                .helpText("Milliseconds between two reads of the API-key change feed. A node serves a revoked or"
                        + " changed key for at most three intervals after the change, even if it hears no cluster"
                        + " events; it reads the database while its latest read is older.")
                .add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>(BundleInfo.operationalInfo("spi-api-keys"));
        info.put("pepper", peppers.hasConfigured() ? "configured" : "none");
        if (peppers.vaultSecret() != null) {
            info.put("pepper-vault-secret", peppers.vaultSecret());
        }
        info.put("usage-flush-interval-ms", Long.toString(flushMillis));
        info.put("verify-cache-size", Integer.toString(cache.maxEntries()));
        info.put("verify-cache-max-age-ms", Long.toString(cache.maxAgeMillis()));
        info.put("verify-cache-entries", Integer.toString(cache.size()));
        info.put("verify-cache-owners", watch.watching() ? Integer.toString(cache.owners().size()) : "not watched");
        info.put("verify-cache-hits", Long.toString(cache.hits()));
        info.put("verify-cache-loads", Long.toString(cache.inserted()));
        info.put("verify-cache-poll-interval-ms", Long.toString(pollMillis));
        info.put("lifetime-interval-ms", Long.toString(lifetimeMillis));
        info.put("verify-cache-staleness-bound-ms", Long.toString(cache.maxStalenessMillis()));
        info.put("verify-cache-unconfirmed", Long.toString(cache.unconfirmed()));
        if (poller != null) {
            info.put("verify-cache-feed-position", Long.toString(poller.position()));
            long confirmed = cache.confirmedAt();
            info.put("verify-cache-feed-age-ms",
                    confirmed == Long.MIN_VALUE ? "never read" : Long.toString(cache.now() - confirmed));
            if (poller.failure() != null) {
                info.put("verify-cache-feed-failure", poller.failure());
            }
        }
        if (cluster != null) {
            info.put("verify-cache-events-unsent", Long.toString(cluster.unsent()));
        }
        return info;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String getId() {
        return ID;
    }
}
