package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.registration.rest.RegistrationResource;

/**
 * The docs' checked shell blocks run as written against the real server with the demo realm: every {@code bash}
 * block preceded by {@code <!-- checked -->} in README.md or docs/*.md runs with {@code bash -euo pipefail} and must
 * exit 0. The first of them is the README's first-five-minutes walkthrough (register, sign in, create a key, verify
 * it, store a credential), which is what a newcomer types first.
 */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class DocsWalkthroughIT {

    private static final Pattern CHECKED = Pattern.compile("<!-- checked -->\\s*\\n```bash\\n(.*?)\\n```",
            Pattern.DOTALL);

    @InjectRealm(fromJson = "/latchkey-realm.json")
    ManagedRealm realm;

    @Test
    void everyCheckedShellBlockOfTheDocsRunsAsWritten() throws Exception {
        assertEquals("latchkey", realm.getName(), "the docs address the demo realm by name");
        // Other tests of this server registered from this address just before; a newcomer's first try does not.
        RealmRepresentation representation = realm.admin().toRepresentation();
        representation.getAttributes().put(RegistrationResource.RATE_LIMIT_ATTRIBUTE, "1000");
        realm.admin().update(representation);
        assertTrue(realm.getBaseUrl().startsWith("http://localhost:8080/"), "the docs address localhost:8080");
        Path root = Path.of(System.getProperty("latchkey.reactor.dir", ".."));
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        int blocks = 0;
        for (Path doc : docs) {
            Matcher block = CHECKED.matcher(Files.readString(doc));
            while (block.find()) {
                blocks++;
                Path script = Files.createTempFile("checked-block", ".sh");
                Files.writeString(script, block.group(1) + "\n");
                Process bash = new ProcessBuilder("bash", "-euo", "pipefail", script.toString())
                        .redirectErrorStream(true).start();
                String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(bash.waitFor(120, TimeUnit.SECONDS), "hung: " + doc);
                assertEquals(0, bash.exitValue(), doc.getFileName() + " block " + blocks + " failed:\n" + output);
                assertFalse(output.contains("\"valid\":false"), output);
                Files.delete(script);
            }
        }
        assertTrue(blocks >= 1, "no checked block found");
    }
}
