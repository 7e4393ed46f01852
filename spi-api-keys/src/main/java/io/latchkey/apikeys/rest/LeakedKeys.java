package io.latchkey.apikeys.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.Urls;

import io.latchkey.apikeys.auth.ApiKeyUse;
import io.latchkey.apikeys.leak.LeakReport;
import io.latchkey.apikeys.leak.SecretScanningKeys;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;

/**
 * What happens to a key found in public, whoever reports it (a secret scanner or a realm admin): it is revoked with
 * reason {@value #REASON}, and, when this report is the one that revoked it, its owner gets an email and the realm a
 * {@code REMOVE_CREDENTIAL} user event naming the key, where it was found and who said so (never the key). A key that
 * was revoked already is left as it is, so a report sent twice changes nothing and emails nobody twice.
 */
final class LeakedKeys {

    static final String REASON = "leaked";
    /** Realm attribute: the secret scanner's public keys, as {@link SecretScanningKeys#toStored()} writes them. */
    static final String SCANNING_KEYS_ATTRIBUTE = "latchkey.api-keys.secret-scanning-keys";
    static final String REPORTER_GITHUB = "github";
    static final String REPORTER_ADMIN = "admin";
    static final String EMAIL_TEMPLATE = "api-key-leaked.ftl";
    static final String EMAIL_SUBJECT = "apiKeyLeakedSubject";
    /** Event details are stored in a bounded column: a URL beyond this is cut, with "..." to say so. */
    static final int MAX_EVENT_URL = 1000;
    private static final String EXECUTOR = "latchkey-api-key-leak-emails";
    private static final Logger LOG = Logger.getLogger(LeakedKeys.class);

    /** One reported string and what became of it: {@code key} is null when it is no key of the realm. */
    record Outcome(LeakReport.Found found, ApiKeyModel key, boolean revokedNow) {

        String label() {
            return key == null ? "false_positive" : "true_positive";
        }
    }

    /** What the owner's email says, gathered inside the request and sent after its transaction commits. */
    private record Notice(String userId, String keyName, String keyPrefix, String url, String source,
            String reporter, Instant revokedAt, String accountUrl) {
    }

    private LeakedKeys() {
    }

    static SecretScanningKeys scanningKeys(RealmModel realm) {
        return SecretScanningKeys.fromStored(realm.getAttribute(SCANNING_KEYS_ATTRIBUTE));
    }

    static void storeScanningKeys(RealmModel realm, SecretScanningKeys keys) {
        if (keys.isEmpty()) {
            realm.removeAttribute(SCANNING_KEYS_ATTRIBUTE);
        } else {
            realm.setAttribute(SCANNING_KEYS_ATTRIBUTE, keys.toStored());
        }
    }

    /** Looks every reported string up at once, then revokes and notifies, in the order reported. */
    static List<Outcome> revoke(KeycloakSession session, RealmModel realm, List<LeakReport.Found> found,
            String reporter) {
        ApiKeyProvider keys = session.getProvider(ApiKeyProvider.class);
        Map<String, ApiKeyModel> ours = ApiKeysResource.withPepper(() -> keys.findBySecrets(realm,
                found.stream().map(LeakReport.Found::token).toList()));
        List<Outcome> outcomes = new ArrayList<>(found.size());
        Map<String, ApiKeyModel> revokedHere = new HashMap<>();
        List<Notice> notices = new ArrayList<>();
        String accountUrl = Urls.accountBase(session.getContext().getUri().getBaseUri()).build(realm.getName())
                .toString();
        for (LeakReport.Found item : found) {
            ApiKeyModel key = ours.get(item.token());
            if (key == null) {
                outcomes.add(new Outcome(item, null, false));
                continue;
            }
            // Reported twice in one report: the first entry revoked it, the second only labels it.
            Optional<ApiKeyModel> revoked = key.active() && !revokedHere.containsKey(key.id())
                    ? keys.revokeActive(realm, key.id(), REASON) : Optional.empty();
            if (revoked.isPresent()) {
                revokedHere.put(key.id(), revoked.get());
                event(session, realm, revoked.get(), item, reporter);
                notices.add(new Notice(key.ownerId(), key.name(), key.displayPrefix(), item.url(), item.source(),
                        reporter, revoked.get().revokedAt(), accountUrl));
            }
            outcomes.add(new Outcome(item, revoked.orElse(revokedHere.getOrDefault(key.id(), key)),
                    revoked.isPresent()));
        }
        emailAfterCommit(session, realm.getId(), notices);
        return outcomes;
    }

    private static void event(KeycloakSession session, RealmModel realm, ApiKeyModel key, LeakReport.Found item,
            String reporter) {
        String url = item.url() != null && item.url().length() > MAX_EVENT_URL
                ? item.url().substring(0, MAX_EVENT_URL) + "..." : item.url();
        // EventBuilder leaves out a detail whose value is null: an admin's report may name no URL or source.
        new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.REMOVE_CREDENTIAL)
                .user(key.ownerId())
                .detail(Details.CREDENTIAL_TYPE, ApiKeyUse.CREDENTIAL_TYPE)
                .detail(ApiKeyUse.KEY_ID_CLAIM, key.id())
                .detail("api_key_name", key.name())
                .detail(Details.REASON, REASON)
                .detail("leak_url", url)
                .detail("leak_source", item.source())
                .detail("leak_reporter", reporter)
                .success();
    }

    /**
     * Emails go out only once the revocations are committed (no email for a revocation that rolled back), and on a
     * worker of their own: a slow mail server must not hold the scanner's request, which may list many keys.
     */
    private static void emailAfterCommit(KeycloakSession session, String realmId, List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                executor.execute(() -> KeycloakModelUtils.runJobInTransaction(factory,
                        worker -> send(worker, realmId, notices)));
            }

            @Override
            protected void rollbackImpl() {
                // Nothing was revoked: nobody is told.
            }
        });
    }

    private static void send(KeycloakSession session, String realmId, List<Notice> notices) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        for (Notice notice : notices) {
            UserModel owner = session.users().getUserById(realm, notice.userId());
            if (owner == null || owner.getEmail() == null) {
                continue;
            }
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("keyName", notice.keyName());
            attributes.put("keyPrefix", notice.keyPrefix());
            attributes.put("leakUrl", notice.url());
            attributes.put("leakSource", notice.source());
            attributes.put("reporter", notice.reporter());
            attributes.put("revokedAt", notice.revokedAt() == null ? "" : notice.revokedAt().toString());
            attributes.put("accountUrl", notice.accountUrl());
            try {
                session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(owner)
                        .send(EMAIL_SUBJECT, List.<Object>of(notice.keyName()), EMAIL_TEMPLATE, attributes);
            } catch (EmailException e) {
                // The key is revoked either way; the event in the realm says so.
                LOG.warnf("Could not email the owner of leaked API key %s in realm %s: %s", notice.keyPrefix(),
                        realm.getName(), e.getMessage());
            }
        }
    }
}
