package io.latchkey.apikeys.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;

import io.latchkey.testsupport.Bench;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * Benchmark, not a test: API-key verify against Keycloak's own token introspection, and the API-key exchange against
 * a client-credentials grant, on one server in one run. Runs only when asked (see the README's performance section):
 * {@code mvn -B verify -pl spi-api-keys -am -DskipUnitTests=true -Dit.test=ApiKeyBenchmarkIT
 * -Dlatchkey.benchmark=true -Dfailsafe.failIfNoSpecifiedTests=false -DskipKeycloakVaultITs=true}. Results go to
 * {@code spi-api-keys/target/benchmarks/api-keys.txt}.
 */
@EnabledIfSystemProperty(named = "latchkey.benchmark", matches = "true")
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyBenchmarkIT {

    /** The test realm without saved events: the comparison is of the endpoints, not of Keycloak's event store. */
    @InjectRealm(config = QuietRealm.class)
    ManagedRealm realm;

    @Test
    void verifyAgainstIntrospectionAndExchangeAgainstClientCredentials() {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String key = keys.created(alice, "{\"name\": \"bench\", \"roles\": [\"reader\", \"inventory:read\"]}")
                .get("key").asText();
        String tokenUrl = realm.getBaseUrl() + "/protocol/openid-connect/token";
        String gateway = "Basic " + Base64.getEncoder().encodeToString((ApiKeysRealmConfig.GATEWAY + ":"
                + ApiKeysRealmConfig.SECRET).getBytes(StandardCharsets.UTF_8));

        // The gateway introspects its own (active) token: the whole introspection path, as a resource server runs it.
        String gatewayToken = Tokens.clientCredentials(realm.getBaseUrl(), ApiKeysRealmConfig.GATEWAY,
                ApiKeysRealmConfig.SECRET);
        Bench verify = new Bench()
                .add("Keycloak introspection  POST .../token/introspect", post(tokenUrl + "/introspect", gateway,
                        Http.form(Map.of("token", gatewayToken))))
                .add("API-key verify          POST .../api-keys/verify", post(keys.base + "/verify", "Bearer " + key,
                        null));
        Bench exchange = new Bench()
                .add("client_credentials grant", post(tokenUrl, gateway,
                        Http.form(Map.of("grant_type", "client_credentials"))))
                .add("API-key exchange grant (same client)", post(tokenUrl, gateway, Http.form(Map.of(
                        "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "api_key", key))));
        // Apps usually exchange with a public client: the key is their only credential.
        Bench publicExchange = new Bench()
                .add("client_credentials grant", post(tokenUrl, gateway,
                        Http.form(Map.of("grant_type", "client_credentials"))))
                .add("API-key exchange grant (public client)", post(tokenUrl, null, Http.form(Map.of(
                        "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "api_key", key,
                        "client_id", ApiKeysRealmConfig.APP))));

        Bench report = new Bench();
        report.line("API-key benchmark: Keycloak 26.7.3, one server (start-dev, H2 file or the configured database),"
                + " %d cores, Java %s", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        verify.compareInto(report, "verify/introspection", "target >= 2x throughput, p99 <= 0.5x");
        exchange.compareInto(report, "exchange/client_credentials", "target >= 1x throughput");
        publicExchange.compareInto(report, "public exchange/client_credentials", "target >= 1x throughput");
        report.write(Path.of("target/benchmarks/api-keys.txt"));
    }


    private static Supplier<HttpRequest> post(String url, String authorization, String form) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (form != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        HttpRequest request = builder.POST(form == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(form)).build();
        return () -> request;
    }

    /** {@link ApiKeysRealmConfig} with no events saved. */
    public static final class QuietRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return new ApiKeysRealmConfig().configure(realm).eventsEnabled(false).adminEventsEnabled(false);
        }
    }
}
