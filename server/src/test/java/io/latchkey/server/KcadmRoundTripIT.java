package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;

/**
 * Realm admins script Latchkey with the distribution's own {@code kcadm.sh}, which updates by reading the object,
 * editing it and writing the whole object back: every admin resource must accept its own {@code get} output on
 * {@code update}. Each case runs the real kcadm.sh (from the assembled server) against the real server, as the
 * demo realm's administrator.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class KcadmRoundTripIT {

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @TempDir
    Path home;

    private Path config;

    @BeforeEach
    void login() throws Exception {
        config = home.resolve("kcadm.config");
        Result login = kcadm("config", "credentials", "--server", server(), "--realm", realm.getName(), "--user",
                "demo-admin", "--password", "admin-password-1");
        assertEquals(0, login.exit(), login.output());
    }

    @ParameterizedTest(name = "kcadm get/update {0}")
    @ValueSource(strings = {"credential-vault/settings", "credential-vault/catalog", "api-keys/settings",
            "quota/plans", "quota/settings", "quota/users/demo"})
    void everyAdminResourceAcceptsItsOwnGetOutputBack(String resource) throws Exception {
        Result before = kcadm("get", resource, "-r", realm.getName());
        assertEquals(0, before.exit(), before.output());
        Path file = home.resolve("object.json");
        Files.writeString(file, before.output());

        Result update = kcadm("update", resource, "-r", realm.getName(), "-f", file.toString());
        assertEquals(0, update.exit(), resource + ": " + update.output());

        Result after = kcadm("get", resource, "-r", realm.getName());
        assertEquals(Http.JSON.readTree(before.output()), Http.JSON.readTree(after.output()),
                "writing back what was read changes nothing");
    }

    @Test
    void setEditsOneFieldOfAUsersQuotaAndKeepsTheRest() throws Exception {
        JsonNode before = Http.JSON.readTree(kcadm("get", "quota/users/demo", "-r", realm.getName()).output());
        Result set = kcadm("update", "quota/users/demo", "-r", realm.getName(), "-s", "subscription_plan=premium");
        assertEquals(0, set.exit(), set.output());
        JsonNode after = Http.JSON.readTree(kcadm("get", "quota/users/demo", "-r", realm.getName()).output());
        assertEquals("premium", after.path("subscription_plan").asText());
        assertEquals(before.path("username"), after.path("username"));

        Result back = kcadm("update", "quota/users/demo", "-r", realm.getName(), "-s",
                "subscription_plan=" + before.path("subscription_plan").asText());
        assertEquals(0, back.exit(), back.output());
    }

    /** The lifetime-policy lines of docs/api-keys.md, as written there. */
    @Test
    void theDocumentedLifetimePolicyLinesWork() throws Exception {
        String r = realm.getName();
        Result set = kcadm("update", "api-keys/settings", "-r", r, "-s", "max_lifetime_days=90", "-s",
                "require_expiry=true", "-s", "deactivate_unused_after_days=60", "-s", "expiry_reminder_days=14");
        assertEquals(0, set.exit(), set.output());
        Result get = kcadm("get", "api-keys/settings", "-r", r, "--fields",
                "max_lifetime_days,require_expiry,deactivate_unused_after_days,expiry_reminder_days");
        assertEquals(0, get.exit(), get.output());
        assertEquals(Http.JSON.readTree("{\"max_lifetime_days\": 90, \"require_expiry\": true,"
                + " \"deactivate_unused_after_days\": 60, \"expiry_reminder_days\": 14}"), Http.JSON.readTree(get.output()));

        Result off = kcadm("update", "api-keys/settings", "-r", r, "-s", "deactivate_unused_after_days=null");
        assertEquals(0, off.exit(), off.output());
        JsonNode after = Http.JSON.readTree(kcadm("get", "api-keys/settings", "-r", r).output());
        assertTrue(after.path("deactivate_unused_after_days").isNull(), after.toString());
        assertEquals(90, after.path("max_lifetime_days").asInt(), "the other members are kept");

        Result reset = kcadm("update", "api-keys/settings", "-r", r, "-s", "max_lifetime_days=null", "-s",
                "require_expiry=false", "-s", "expiry_reminder_days=null");
        assertEquals(0, reset.exit(), reset.output());
    }

    @Test
    void anUnknownFieldIsStillRefused() throws Exception {
        // kcadm.sh prints only the status; the body's sentence ({"subscripton_plan": ["Unknown field."]}) is asserted
        // over HTTP by the quota module's round-trip test.
        Result typo = kcadm("update", "quota/users/demo", "-r", realm.getName(), "-s", "subscripton_plan=premium");
        assertTrue(typo.exit() != 0, typo.output());
        assertTrue(typo.output().contains("400"), typo.output());
    }

    private String server() {
        return realm.getBaseUrl().substring(0, realm.getBaseUrl().indexOf("/realms/"));
    }

    private record Result(int exit, String output) {
    }

    private Result kcadm(String... args) throws IOException, InterruptedException {
        Path kcadm = Path.of(System.getProperty("latchkey.server.dir"), "bin", "kcadm.sh");
        List<String> command = new ArrayList<>(List.of(kcadm.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kcadm.sh " + String.join(" ", args) + " hung");
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
