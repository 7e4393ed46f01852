package io.latchkey.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/**
 * deploy/ holds together without a server: the production realm is the demo realm without its people (no users but
 * service accounts, no passwords, no demo organization), so roles, clients and settings cannot drift apart; the
 * Kubernetes realm import carries the same realm; every configuration file the topology names exists; and nothing in
 * deploy/ holds a secret value. .ci/cluster-check starts the same files for real.
 */
class ProductionTopologyTest {

    private final Path root = Path.of(System.getProperty("latchkey.reactor.dir", "..")).toAbsolutePath().normalize();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void productionRealmIsTheDemoRealmWithoutItsPeople() throws IOException {
        ObjectNode demo = (ObjectNode) json.readTree(root.resolve("realm-export/latchkey-realm.json").toFile());
        JsonNode production = json.readTree(root.resolve("deploy/realm/latchkey-realm.json").toFile());

        for (JsonNode user : production.path("users")) {
            assertTrue(user.hasNonNull("serviceAccountClientId"),
                    "the production realm holds a user who is not a service account: " + user.path("username"));
            assertFalse(user.has("credentials"), "a production user carries credentials: " + user.path("username"));
        }
        assertFalse(production.has("organizations"), "the demo organization is in the production realm");

        // Expected: the demo realm minus its people, with the SPA's redirect URIs taken from the environment.
        ArrayNode serviceAccounts = json.createArrayNode();
        demo.path("users").forEach(u -> { if (u.hasNonNull("serviceAccountClientId")) serviceAccounts.add(u); });
        demo.set("users", serviceAccounts);
        demo.remove("organizations");
        for (JsonNode client : demo.path("clients")) {
            if ("latchkey-spa".equals(client.path("clientId").asText())) {
                ((ObjectNode) client).set("redirectUris",
                        json.createArrayNode().add("${LATCHKEY_APP_URL:https://app.example.com}/*"));
            }
        }
        assertEquals(demo, production, "deploy/realm/latchkey-realm.json drifted from the demo realm; regenerate it as"
                + " deploy/README.md says");
    }

    @Test
    void kubernetesRealmImportCarriesTheProductionRealm() throws IOException {
        JsonNode production = json.readTree(root.resolve("deploy/realm/latchkey-realm.json").toFile());
        JsonNode resource = new YAMLMapper().readTree(root.resolve("deploy/kubernetes/realm-import.yaml").toFile());
        assertEquals("KeycloakRealmImport", resource.path("kind").asText());
        assertEquals("latchkey", resource.path("spec").path("keycloakCRName").asText());
        assertEquals(production, resource.path("spec").path("realm"));
    }

    @Test
    void keycloakResourceRunsTwoOptimizedInstancesWithSecretsFromSecrets() throws IOException {
        JsonNode keycloak = new YAMLMapper().readTree(root.resolve("deploy/kubernetes/keycloak.yaml").toFile());
        assertEquals("Keycloak", keycloak.path("kind").asText());
        JsonNode spec = keycloak.path("spec");
        assertEquals(2, spec.path("instances").asInt());
        assertTrue(spec.path("startOptimized").asBoolean());
        assertEquals("xforwarded", spec.path("proxy").path("headers").asText());
        boolean pepperFromSecret = false;
        for (JsonNode option : spec.path("additionalOptions")) {
            if ("spi-api-keys--jpa--pepper".equals(option.path("name").asText())) {
                pepperFromSecret = option.has("secret") && !option.has("value");
            }
        }
        assertTrue(pepperFromSecret, "the API-key pepper must come from a Kubernetes secret");
    }

    @Test
    void everyFileTheTopologyNamesExists() throws IOException {
        String dockerfile = Files.readString(root.resolve("deploy/Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?:--chown=\\S+ )?(?!--from)(\\S+) ").matcher(dockerfile);
        List<String> missing = new ArrayList<>();
        while (copy.find()) {
            String source = copy.group(1);
            // The bundle is build output; everything else is in the repository.
            if (!source.startsWith("server/target/") && !Files.exists(root.resolve(source))) {
                missing.add("deploy/Dockerfile: " + source);
            }
        }
        assertTrue(dockerfile.contains("kc.sh build"), "the image must be built once, not at every start");
        assertTrue(dockerfile.contains("\"--optimized\""), "the nodes must start optimized");
        String compose = Files.readString(root.resolve("deploy/compose.yml"));
        for (String named : List.of("deploy/haproxy.cfg", "deploy/Dockerfile", "deploy/compose.dev.yml",
                "deploy/latchkey.env.example", "realm-export/latchkey-realm.json")) {
            if (!Files.exists(root.resolve(named))) {
                missing.add(named);
            }
        }
        assertTrue(compose.contains("keycloak-1") && compose.contains("keycloak-2") && compose.contains("haproxy.cfg"));
        assertEquals(List.of(), missing);
    }

    @Test
    void deployHoldsNoSecretValue() throws IOException {
        String env = Files.readString(root.resolve("deploy/latchkey.env.example"));
        for (String line : env.split("\n")) {
            if (line.matches("(POSTGRES_PASSWORD|KC_BOOTSTRAP_ADMIN_PASSWORD|LATCHKEY_API_KEY_PEPPER)=.*")) {
                assertTrue(line.endsWith("="), "the example env file fills in a secret: " + line);
            }
        }
        String realm = Files.readString(root.resolve("deploy/realm/latchkey-realm.json"));
        assertFalse(realm.contains("\"secret\"") || realm.contains("\"value\""), "the production realm holds a secret");
    }
}
