package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;

/** Verifications by result and quota rejections appear on Keycloak's own metrics endpoint (management port). */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaMetricsIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void verificationsAndRejectionsAreCounted() {
        Quota quota = new Quota(realm.getBaseUrl());
        String adminToken = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON));
        Quota.expect(200, quota.admin("POST", "/users/alice/reset", adminToken, null));
        String key = quota.key("alice");
        double validBefore = metric("latchkey_api_key_verifications_total", "result=\"valid\"", "use=\"verify\"");
        double rejectedBefore = metric("latchkey_quota_rejections_total", "reason=\"usage_exceeded\"",
                "quota=\"credits\"");

        for (int i = 0; i < 6; i++) {
            quota.verify(key, "?quota=credits");
        }

        assertTrue(metric("latchkey_api_key_verifications_total", "result=\"valid\"", "use=\"verify\"")
                >= validBefore + 6);
        assertTrue(metric("latchkey_quota_rejections_total", "reason=\"usage_exceeded\"", "quota=\"credits\"")
                >= rejectedBefore + 1);
    }

    /** The sum of the samples of {@code name} whose labels include all of {@code labels} (0 when none yet). */
    private double metric(String name, String... labels) {
        String body = Http.get("http://localhost:9000/metrics", null).body();
        double sum = 0;
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} ([0-9.Ee+-]+)$").matcher(body);
        while (line.find()) {
            String found = line.group(1);
            boolean all = found.contains("realm=\"" + realm.getName() + "\"");
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
