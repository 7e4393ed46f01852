package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.testsupport.FakeSmtp;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;

/**
 * Leaked keys on the real server: GitHub's secret scanning (played by the test, with its own P-256 key pair whose
 * public key the realm lists) reports keys, they are revoked with reason {@code leaked}, their owners get the module's
 * email (whatever the realm's email theme) through a test SMTP server and the realm records an event with the URL; reports that are not signed by
 * a listed key, or not understood, revoke nothing; and a realm admin reports a pasted key the same way.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class LeakReportIT {

    private static final String KEY_ID = "latchkey-it-scanner";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SecretScanner SCANNER = new SecretScanner(KEY_ID);
    /** Signs under the same key id with a key the realm does not list. */
    private static final SecretScanner STRANGER = new SecretScanner(KEY_ID);
    private static final String TYPE = SecretScanner.TYPE;

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    private ApiKeys keys;
    private String root;
    private String alice;
    private String reportUrl;

    @BeforeEach
    void scannerKeyIsListed() {
        keys = new ApiKeys(realm.getBaseUrl());
        root = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ROOT, ApiKeysRealmConfig.PASSWORD);
        alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        reportUrl = keys.base + "/leaks/github";
        JsonNode settings = ApiKeys.expect(200, keys.admin("PUT", "/settings", root, SCANNER.settings()));
        assertEquals(KEY_ID, settings.get("secret_scanning_public_keys").get(0).get("key_identifier").asText());
        assertEquals("\\bsk_(?:live|test)_[0-9A-Za-z]{32}\\b", settings.get("secret_scanning_pattern").asText());
    }

    @Test
    void aSignedReportRevokesTheRealmsKeysEmailsTheirOwnersAndLabelsEveryToken() throws Exception {
        try (FakeSmtp smtp = mailServer()) {
            JsonNode first = keys.created(alice, "{\"name\": \"leaked-one\"}");
            JsonNode second = keys.created(alice, "{\"name\": \"leaked-two\"}");
            JsonNode kept = keys.created(alice, "{\"name\": \"kept\"}");
            JsonNode revokedBefore = keys.created(alice, "{\"name\": \"revoked-before\"}");
            ApiKeys.expect(200, keys.revoke(alice, revokedBefore.get("id").asText()));
            String unknown = KeyFormat.STRIPE_STYLE.generate("live", RANDOM);
            String forged = wrongChecksum(first.get("key").asText());
            String url = "https://github.com/octo/app/blob/abc123/config.env?x=<b>1</b>&y=2";

            List<String> tokens = List.of(first.get("key").asText(), second.get("key").asText(), forged, unknown,
                    "ghp_notOursAtAll", revokedBefore.get("key").asText(), first.get("key").asText());
            byte[] body = report(tokens, url);
            HttpResponse<String> response = post(body, KEY_ID, SCANNER.sign(body), "application/json");

            assertEquals(200, response.statusCode(), response.body());
            assertEquals(List.of("true_positive", "true_positive", "false_positive", "false_positive", "false_positive",
                    "true_positive", "true_positive"), labels(response));
            JsonNode feedback = Http.json(response);
            for (int i = 0; i < tokens.size(); i++) {
                assertEquals(sha256(tokens.get(i)), feedback.get(i).get("token_hash").asText());
                assertEquals(TYPE, feedback.get(i).get("token_type").asText());
                assertFalse(feedback.get(i).has("token_raw"));
                assertFalse(response.body().contains(tokens.get(i)), "no token is repeated in the answer");
            }

            ApiKeys.expect(401, keys.verify(first.get("key").asText()));
            ApiKeys.expect(401, keys.verify(second.get("key").asText()));
            ApiKeys.expect(200, keys.verify(kept.get("key").asText()));
            assertEquals("leaked", adminKey(first).get("revoked_reason").asText());
            assertEquals("leaked", adminKey(second).get("revoked_reason").asText());
            assertEquals("revoked_by_owner", adminKey(revokedBefore).get("revoked_reason").asText(),
                    "a key revoked already is left as it was");

            List<FakeSmtp.Message> mails = awaitMessages(smtp, 2);
            for (JsonNode key : List.of(first, second)) {
                FakeSmtp.Message mail = mails.stream().filter(m -> m.subject().contains(key.get("name").asText()))
                        .findFirst().orElseThrow(() -> new AssertionError("no email about " + key.get("name")));
                assertEquals("alice@latchkey.test", mail.recipient());
                assertEquals("Latchkey API key \"" + key.get("name").asText() + "\" found in public and revoked",
                        mail.subject());
                assertTrue(mail.data().contains(key.get("prefix").asText()), "the display prefix names the key");
                assertTrue(mail.data().contains("GitHub secret scanning reported it"), mail.data());
                assertTrue(mail.data().contains("/realms/" + realm.getName() + "/account"), mail.data());
                String secret = key.get("key").asText();
                assertFalse(mail.data().contains(secret), "never the key");
                assertFalse(mail.data().contains(secret.substring(12, 24)), "nothing of the key beyond its prefix");
                String html = mail.data().substring(mail.data().indexOf("Content-Type: text/html"));
                assertTrue(html.contains("&lt;b&gt;1&lt;/b&gt;"), "the URL is escaped in the HTML part: " + html);
                assertFalse(html.contains("<b>1</b>"), "the report's URL is never HTML: " + html);
            }

            Map<String, JsonNode> events = leakEvents();
            for (JsonNode key : List.of(first, second)) {
                JsonNode event = events.get(key.get("id").asText());
                assertEquals("REMOVE_CREDENTIAL", event.get("type").asText());
                assertEquals(userId(ApiKeysRealmConfig.ALICE), event.get("userId").asText());
                JsonNode details = event.get("details");
                assertEquals(url, details.get("leak_url").asText());
                assertEquals("content", details.get("leak_source").asText());
                assertEquals("github", details.get("leak_reporter").asText());
                assertEquals("leaked", details.get("reason").asText());
                assertEquals(key.get("name").asText(), details.get("api_key_name").asText());
                assertFalse(event.toString().contains(key.get("key").asText()), "never the key in the event");
            }
            assertFalse(events.containsKey(revokedBefore.get("id").asText()), "no event for a key revoked already");

            // The same report again, signature and all: labelled the same, and nothing new happens.
            HttpResponse<String> replay = post(body, KEY_ID, SCANNER.sign(body), "application/json");
            assertEquals(200, replay.statusCode(), replay.body());
            assertEquals(labels(response), labels(replay));
            Thread.sleep(1500);
            assertEquals(2, smtp.messages().size(), "one email per key, whatever was sent twice");
            assertEquals(events.keySet(), leakEvents().keySet(), "no new event for a replay");
        }
    }

    @Test
    void reportsThatAreNotSignedByAListedKeyOrNotUnderstoodRevokeNothing() {
        JsonNode target = keys.created(alice, "{\"name\": \"target\"}");
        String secret = target.get("key").asText();
        byte[] good = report(List.of(secret), "https://github.com/octo/app/blob/1/.env");
        byte[] changed = report(List.of(secret), "https://github.com/octo/app/blob/2/.env");
        byte[] malformed = ("[{\"token\": \"" + secret + "\", \"type\": ").getBytes(StandardCharsets.UTF_8);
        byte[] object = ("{\"token\": \"" + secret + "\", \"type\": \"t\", \"url\": \"u\", \"source\": \"s\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] noUrl = ("[{\"token\": \"" + secret + "\", \"type\": \"t\", \"source\": \"s\"}]")
                .getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[1_048_577];
        java.util.Arrays.fill(oversized, (byte) ' ');
        byte[] prefix = report(List.of(secret), "u");
        System.arraycopy(prefix, 0, oversized, 0, prefix.length);

        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, Integer> actual = new LinkedHashMap<>();
        check(expected, actual, "signed by a key the realm does not list, under a listed id", 401,
                post(good, KEY_ID, STRANGER.sign(good), "application/json"));
        check(expected, actual, "an unknown key identifier", 401,
                post(good, "someone-else", SCANNER.sign(good), "application/json"));
        check(expected, actual, "no signature headers", 401, post(good, null, null, "application/json"));
        check(expected, actual, "a replayed signature over a changed body", 401,
                post(changed, KEY_ID, SCANNER.sign(good), "application/json"));
        check(expected, actual, "a signature that is not base64", 401,
                post(good, KEY_ID, "not a signature", "application/json"));
        check(expected, actual, "malformed JSON, signed", 400,
                post(malformed, KEY_ID, SCANNER.sign(malformed), "application/json"));
        check(expected, actual, "an object instead of an array, signed", 400,
                post(object, KEY_ID, SCANNER.sign(object), "application/json"));
        check(expected, actual, "an entry without its url, signed", 400,
                post(noUrl, KEY_ID, SCANNER.sign(noUrl), "application/json"));
        check(expected, actual, "text/plain, signed", 415,
                post(good, KEY_ID, SCANNER.sign(good), "text/plain"));
        check(expected, actual, "no content type, signed", 415,
                post(good, KEY_ID, SCANNER.sign(good), null));
        check(expected, actual, "one byte over 1 MiB, signed", 413,
                post(oversized, KEY_ID, SCANNER.sign(oversized), "application/json"));
        ApiKeys.expect(200, keys.admin("PUT", "/settings", root, "{\"secret_scanning_public_keys\": []}"));
        check(expected, actual, "a realm that lists no scanner keys", 403,
                post(good, KEY_ID, SCANNER.sign(good), "application/json"));
        ApiKeys.expect(200, keys.admin("PUT", "/settings", root, SCANNER.settings()));

        assertEquals(expected, actual);
        ApiKeys.expect(200, keys.verify(secret));
        assertEquals("ACTIVE", adminKey(target).get("status").asText(), "nothing was revoked");
        assertFalse(leakEvents().containsKey(target.get("id").asText()), "nothing was recorded");
        // The control: the same key in a good report is revoked, so the refusals above were not for another reason.
        assertEquals(List.of("true_positive"), labels(post(good, KEY_ID, SCANNER.sign(good),
                "application/json")));
        ApiKeys.expect(401, keys.verify(secret));
    }

    @Test
    void aThousandTokensAreAnsweredInOneRequest() {
        String bob = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.BOB, ApiKeysRealmConfig.PASSWORD);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ours.add(keys.created(bob, "{\"name\": \"batch-" + i + "\"}").get("key").asText());
        }
        List<String> tokens = new ArrayList<>(ours);
        while (tokens.size() < 1000) {
            tokens.add(KeyFormat.STRIPE_STYLE.generate(tokens.size() % 2 == 0 ? "live" : "test", RANDOM));
        }
        java.util.Collections.shuffle(tokens, RANDOM);
        byte[] body = report(tokens, "https://github.com/octocat/Hello-World/blob/12345600b9cbe38a219f39a9941c9319b600c002/foo/bar.txt");

        long start = System.nanoTime();
        HttpResponse<String> response = post(body, KEY_ID, SCANNER.sign(body), "application/json");
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        System.out.printf("LeakReportIT: a report of %d tokens (%d bytes, %d keys of the realm) answered in %d ms%n",
                tokens.size(), body.length, ours.size(), millis);

        assertEquals(200, response.statusCode(), response.body());
        List<String> labels = labels(response);
        assertEquals(1000, labels.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(ours.contains(tokens.get(i)) ? "true_positive" : "false_positive", labels.get(i),
                    "label " + i + " in the order reported");
        }
        for (String key : ours) {
            ApiKeys.expect(401, keys.verify(key));
        }
    }

    @Test
    void anAdminReportsAPastedKeyTheSameWay() throws Exception {
        try (FakeSmtp smtp = mailServer()) {
            JsonNode key = keys.created(alice, "{\"name\": \"pasted\"}");
            String body = "{\"key\": \"" + key.get("key").asText() + "\", \"url\": \"https://paste.example/abc\","
                    + " \"source\": \"paste\"}";

            JsonNode revoked = ApiKeys.expect(200, keys.admin("POST", "/leaked", root, body));
            assertEquals("REVOKED", revoked.get("status").asText());
            assertEquals("leaked", revoked.get("revoked_reason").asText());
            assertFalse(revoked.has("key"), "the answer does not repeat the key");
            ApiKeys.expect(401, keys.verify(key.get("key").asText()));

            FakeSmtp.Message mail = awaitMessages(smtp, 1).get(0);
            assertEquals("Latchkey API key \"pasted\" found in public and revoked", mail.subject());
            assertTrue(mail.data().contains("An administrator of"), mail.data());
            assertTrue(mail.data().contains("https://paste.example/abc"), mail.data());
            JsonNode event = leakEvents().get(key.get("id").asText());
            assertEquals("admin", event.get("details").get("leak_reporter").asText());
            assertEquals("paste", event.get("details").get("leak_source").asText());
            // Keycloak's admin-events query cannot filter by a resource type of an extension: filtered here.
            JsonNode adminEvents = ApiKeys.expect(200, Http.get(realm.getBaseUrl().replace("/realms/", "/admin/realms/")
                    + "/admin-events?operationTypes=ACTION&max=1000", root));
            List<JsonNode> leakedAdminEvents = StreamSupport.stream(adminEvents.spliterator(), false)
                    .filter(e -> "LATCHKEY_API_KEY".equals(e.path("resourceType").asText()))
                    .filter(e -> e.get("resourcePath").asText().endsWith("api-keys/leaked")).toList();
            assertFalse(leakedAdminEvents.isEmpty(), "an admin event");
            assertFalse(adminEvents.toString().contains(key.get("key").asText()), "never the key in admin events");

            ApiKeys.expect(200, keys.admin("POST", "/leaked", root, body));
            Thread.sleep(1500);
            assertEquals(1, smtp.messages().size(), "reporting it again emails nobody");
            ApiKeys.expect(404, keys.admin("POST", "/leaked", root, "{\"key\": \""
                    + KeyFormat.STRIPE_STYLE.generate("live", RANDOM) + "\"}"));
            ApiKeys.expect(400, keys.admin("POST", "/leaked", root, "{\"url\": \"https://paste.example/abc\"}"));
        }
    }

    private FakeSmtp mailServer() {
        FakeSmtp smtp = new FakeSmtp();
        // The realm keeps Keycloak's own email theme: the module's jar carries its templates for every theme.
        realm.updateWithCleanup(r -> r.smtp("127.0.0.1", smtp.port(), "noreply@latchkey.test"));
        return smtp;
    }

    private static List<FakeSmtp.Message> awaitMessages(FakeSmtp smtp, int count) throws InterruptedException {
        for (int i = 0; i < 200 && smtp.messages().size() < count; i++) {
            Thread.sleep(100);
        }
        assertEquals(count, smtp.messages().size(), "emails received");
        return smtp.messages();
    }

    private HttpResponse<String> post(byte[] body, String keyId, String signature, String contentType) {
        return SecretScanner.post(reportUrl, body, keyId, signature, contentType);
    }

    private static byte[] report(List<String> tokens, String url) {
        return SecretScanner.report(tokens, url);
    }

    private static List<String> labels(HttpResponse<String> response) {
        return StreamSupport.stream(Http.json(response).spliterator(), false).map(e -> e.get("label").asText())
                .toList();
    }

    private JsonNode adminKey(JsonNode created) {
        return ApiKeys.expect(200, keys.admin("GET", "/keys/" + created.get("id").asText(), root, null));
    }

    /** The realm's leaked-key events by key id. */
    private Map<String, JsonNode> leakEvents() {
        JsonNode events = ApiKeys.expect(200, Http.get(realm.getBaseUrl().replace("/realms/", "/admin/realms/")
                + "/events?type=REMOVE_CREDENTIAL&max=10000", root));
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode event : events) {
            JsonNode details = event.get("details");
            if (details != null && "leaked".equals(details.path("reason").asText())) {
                assertFalse(byKey.containsKey(details.get("api_key_id").asText()), "one event per key: " + event);
                byKey.put(details.get("api_key_id").asText(), event);
            }
        }
        return byKey;
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private static void check(Map<String, Integer> expected, Map<String, Integer> actual, String name, int status,
            HttpResponse<String> response) {
        expected.put(name, status);
        actual.put(name, response.statusCode());
        if (response.statusCode() == status) {
            assertFalse(Http.json(response).get("detail").asText().isBlank(), name + ": says why, " + response.body());
        }
    }

    /** The key with its checksum replaced: the shape of a key, but none. */
    private static String wrongChecksum(String key) {
        char last = key.charAt(key.length() - 1);
        return key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static String sha256(String token) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
