package io.latchkey.vault.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Bench;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * Benchmark, not a test: a decrypted read against the same read without decryption, on one server in one run.
 * Runs only when asked (see the README's performance section):
 * {@code mvn -B verify -pl spi-credential-vault -am -DskipUnitTests=true -Dit.test=VaultReadBenchmarkIT
 * -Dlatchkey.benchmark=true -Dfailsafe.failIfNoSpecifiedTests=false -DskipKeycloakVaultITs=true}. Results go to
 * {@code spi-credential-vault/target/benchmarks/vault-read.txt}.
 */
@EnabledIfSystemProperty(named = "latchkey.benchmark", matches = "true")
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class VaultReadBenchmarkIT {

    /** A realm without stored events: the comparison is of decryption, not of Keycloak's event store. */
    @InjectRealm(config = UserRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void decryptedReadAgainstPlainRead() {
        Vault vault = new Vault(realm.getBaseUrl());
        vault.admin("PUT", "/settings", admin.tokenManager().getAccessTokenString(),
                "{\"owner_can_read_secret\": true}");
        String token = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        String id = vault.created(token, "{\"service_name\": \"spotify\", \"api_key\": \"" + "s".repeat(200) + "\"}");
        String credentialUrl = realm.getBaseUrl() + "/credential-vault/credentials/" + id;

        Bench bench = new Bench()
                .add("plain read    GET .../credentials/{id}", get(credentialUrl, token))
                .add("decrypted read GET .../credentials/{id}/secret", get(credentialUrl + "/secret", token));

        Map<String, long[]> latencies = bench.latencies(1000, 3000);
        Map<String, Double> throughput = bench.throughput(8, 500, 3);

        bench.line("Credential vault read benchmark: Keycloak 26.7.3, one server, %d cores, %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        latencies.forEach((name, nanos) -> bench.line("%-50s p50 %6.2f ms  p99 %6.2f ms  %8.0f req/s (8 clients)",
                name, Bench.percentileMillis(nanos, 50), Bench.percentileMillis(nanos, 99), throughput.get(name)));
        long[][] both = latencies.values().toArray(new long[0][]);
        bench.line("decrypted/plain p50 ratio: %.3f (target <= 1.05)",
                Bench.percentileMillis(both[1], 50) / Bench.percentileMillis(both[0], 50));
        Double[] rps = throughput.values().toArray(new Double[0]);
        bench.line("decrypted/plain throughput ratio: %.3f", rps[1] / rps[0]);
        bench.write(Path.of("target/benchmarks/vault-read.txt"));
    }

    private static Supplier<HttpRequest> get(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        return () -> request;
    }
}
