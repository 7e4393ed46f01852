package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.FakeDiscogs;

/**
 * The browser tests: Playwright scripts in {@code src/test/browser} drive Debian's chromium (headless) through the
 * pages people use, against this real server with the demo realm, and save a screenshot of each page in
 * {@code target/screenshots}. A script fails on its first broken check; this test fails with the script's output.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class BrowserIT {

    private static final Path SCRIPTS = Path.of(System.getProperty("latchkey.browser.dir", "src/test/browser"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("latchkey.screenshots.dir",
            "target/screenshots"));
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @Test
    void loginAndRegistrationPagesWorkWithTheKeyboard() throws Exception {
        run("login-pages.mjs");
    }

    @Test
    void accountConsolePagesManageKeysAndConnectedServices() throws Exception {
        run("account-pages.mjs");
    }

    @Test
    void theAdminConsoleShowsLatchkeysPages() throws Exception {
        run("admin-console.mjs");
    }

    /** The demo realm's Discogs provider has no consumer key; here it points at the test JVM's stand-in Discogs. */
    @Test
    void connectedServicesConnectAndDisconnectDiscogs() throws Exception {
        FakeDiscogs fake = FakeDiscogs.shared();
        fake.reset();
        fake.loginAs(new FakeDiscogs.DiscogsUser(7001, "demo_digs"));
        IdentityProviderResource discogs = realm.admin().identityProviders().get("discogs");
        IdentityProviderRepresentation original = discogs.toRepresentation();
        IdentityProviderRepresentation pointed = discogs.toRepresentation();
        pointed.getConfig().putAll(fake.providerConfig());
        discogs.update(pointed);
        try {
            run("discogs-connect.mjs", Map.of("LATCHKEY_DISCOGS_USERNAME", "demo_digs"));
            assertEquals(List.of(), fake.violations(), "the stand-in Discogs saw only correct OAuth 1.0a requests");
        } finally {
            discogs.update(original);
        }
    }

    private void run(String script) throws IOException, InterruptedException {
        run(script, Map.of());
    }

    private void run(String script, Map<String, String> env) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(CHROMIUM), "the browser tests need Debian's chromium at " + CHROMIUM
                + " (mvn verify installs it when this user may: src/test/browser/ensure-chromium.sh)");
        assertTrue(Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")),
                "npm ci has not run in " + SCRIPTS + " (the pre-integration-test phase does it)");
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve(script.replace(".mjs", ".log"));
        ProcessBuilder node = new ProcessBuilder("node", script)
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("LATCHKEY_REALM_URL", realm.getBaseUrl());
        node.environment().put("LATCHKEY_SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString());
        node.environment().putAll(env);
        Process process = node.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(script + " did not finish in 180 s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, process.exitValue(), script + " failed:\n" + output);
    }
}
