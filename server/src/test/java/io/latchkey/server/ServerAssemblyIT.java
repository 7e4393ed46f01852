package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The folder the run command starts: Keycloak 26.7.3 with exactly the bundle's jars and the libraries Keycloak
 * lacks in providers/, and the demo realm ready for --import-realm. Reads files only; the server itself is booted
 * by the other ITs and by the run command.
 */
class ServerAssemblyIT {

    private static final Path SERVER = Path.of(System.getProperty("latchkey.server.dir", "target/latchkey-server"));
    private static final Pattern VERSIONED_JAR = Pattern.compile("(.+?)-\\d[^-]*(?:-SNAPSHOT)?(?:\\.Final)?\\.jar");

    @Test
    void isTheKeycloak2673Distribution() throws IOException {
        assertEquals("Keycloak - Version 26.7.3", Files.readString(SERVER.resolve("version.txt")).trim());
        assertTrue(Files.isExecutable(SERVER.resolve("bin/kc.sh")));
    }

    @Test
    void providersHoldTheBundleAndOnlyTheLibrariesKeycloakLacks() throws IOException {
        assertEquals(Set.of("latchkey-common", "latchkey-credential-vault", "latchkey-api-keys", "latchkey-quota",
                        "latchkey-discogs-broker", "latchkey-registration", "latchkey-api-docs",
                        "latchkey-themes", "tink", "scribejava-core", "scribejava-java8"),
                artifactIds(jars(SERVER.resolve("providers"))));
    }

    @Test
    void noProviderJarDuplicatesOneKeycloakShips() throws IOException {
        // lib/lib/main names jars groupId.artifactId-version.jar; compare on the artifactId.
        Set<String> shipped = jars(SERVER.resolve("lib/lib/main")).stream()
                .map(name -> name.substring(0, name.length() - ".jar".length()))
                .collect(Collectors.toSet());
        for (String artifactId : artifactIds(jars(SERVER.resolve("providers")))) {
            assertTrue(shipped.stream().noneMatch(s -> s.contains("." + artifactId + "-")),
                    artifactId + " is already in lib/lib/main");
        }
    }

    @Test
    void demoRealmIsInPlaceForImport() throws IOException {
        String realm = Files.readString(SERVER.resolve("data/import/latchkey-realm.json"));
        assertTrue(realm.contains("\"realm\": \"latchkey\""));
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }

    private static Set<String> artifactIds(List<String> jarNames) {
        return jarNames.stream().map(name -> {
            Matcher m = VERSIONED_JAR.matcher(name);
            if (!m.matches()) {
                throw new AssertionError("Unversioned jar in providers/: " + name);
            }
            return m.group(1);
        }).collect(Collectors.toSet());
    }
}
