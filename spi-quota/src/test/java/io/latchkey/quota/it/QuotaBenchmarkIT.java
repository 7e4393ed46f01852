package io.latchkey.quota.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Bench;

/**
 * Benchmark, not a test: verify with a quota deduction against verify alone (a realm whose settings turn deduction
 * off), and one hot key against keys spread over eight users, on one server in one run. Runs only when asked:
 * {@code mvn -B verify -pl spi-quota -am -DskipUnitTests=true -Dit.test=QuotaBenchmarkIT -Dlatchkey.benchmark=true
 * -Dfailsafe.failIfNoSpecifiedTests=false -DskipKeycloakVaultITs=true}; results in
 * {@code spi-quota/target/benchmarks/quota.txt}.
 */
@EnabledIfSystemProperty(named = "latchkey.benchmark", matches = "true")
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaBenchmarkIT {

    private static final String PLANS = "{\"default_plan\": \"free\", \"default_quota\": \"conversation_limit\","
            + " \"plans\": [{\"name\": \"free\", \"quotas\": [{\"name\": \"conversation_limit\", \"amount\":"
            + " 1000000000, \"refill\": \"daily\"}]}]}";

    @InjectRealm(ref = "deducting", config = QuotaRealmConfig.class)
    ManagedRealm deducting;

    @InjectRealm(ref = "plain", config = QuotaRealmConfig.class)
    ManagedRealm plain;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void deductionAgainstVerifyAloneAndHotAgainstSpreadKeys() {
        String adminToken = admin.tokenManager().getAccessTokenString();
        Quota deduct = new Quota(deducting.getBaseUrl());
        Quota alone = new Quota(plain.getBaseUrl());
        for (Quota quota : List.of(deduct, alone)) {
            Quota.expect(200, quota.admin("PUT", "/plans", adminToken, PLANS));
        }
        Quota.expect(200, alone.admin("PUT", "/settings", adminToken, "{\"deduct_on_verify\": false}"));
        String hot = deduct.key("alice");
        String plainKey = alone.key("alice");
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            spread.add(keyForNewUser(deducting, adminToken, "spread" + i));
        }

        Bench deduction = new Bench()
                .add("verify alone (deduction off)", verify(plain.getBaseUrl(), () -> plainKey))
                .add("verify + deduct, one key", verify(deducting.getBaseUrl(), () -> hot));
        AtomicInteger next = new AtomicInteger();
        Bench contention = new Bench()
                .add("verify + deduct, one hot key", verify(deducting.getBaseUrl(), () -> hot))
                .add("verify + deduct, 8 users' keys", verify(deducting.getBaseUrl(),
                        () -> spread.get(Math.floorMod(next.getAndIncrement(), spread.size()))));

        Bench report = new Bench();
        report.line("Quota benchmark: Keycloak 26.7.3, one server, %d cores, Java %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        deduction.compareInto(report, "deduct/alone", "target >= 0.5x throughput");
        contention.compareInto(report, "spread/hot", "hot-row contention");
        report.write(Path.of("target/benchmarks/quota.txt"));
    }


    private static String keyForNewUser(ManagedRealm realm, String adminToken, String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        realm.admin().users().create(user).close();
        return Quota.expect(201, Quota.send("POST", realm.getBaseUrl().replace("/realms/", "/admin/realms/")
                + "/api-keys/keys", adminToken, "{\"name\": \"bench\", \"owner\": \"" + username + "\","
                + " \"roles\": [\"reader\"]}")).get("key").asText();
    }

    private static Supplier<HttpRequest> verify(String realmUrl, Supplier<String> key) {
        URI uri = URI.create(realmUrl + "/api-keys/verify");
        return () -> HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key.get()).POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
