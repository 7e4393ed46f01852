package io.latchkey.apikeys.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.representations.AccessToken;

import io.micrometer.core.instrument.Metrics;

import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.common.net.ClientAddress;

/**
 * One presentation of an API key: verified against the database and recorded as a Keycloak event whose details
 * carry the precise outcome (the caller is told only "invalid"). Details never include the key.
 */
public final class ApiKeyUse {

    public static final String CREDENTIAL_TYPE = "latchkey-api-key";
    public static final String KEY_ID_CLAIM = "api_key_id";
    /** On Keycloak's metrics endpoint as {@code latchkey_api_key_verifications_total{realm,use,result}}. */
    static final String VERIFICATIONS = "latchkey.api.key.verifications";

    private ApiKeyUse() {
    }

    /**
     * Verifies {@code credential} from the request's client address, recording the outcome on {@code event} (which
     * this method completes with success or error unless {@code complete} is false and the key is valid) and in the
     * key's daily usage. When {@code complete} is false and the key is valid, the caller completes both, once it knows
     * whether the use passed what else it checks ({@link #count}).
     */
    public static Verification verify(KeycloakSession session, RealmModel realm, String credential, String use,
            EventBuilder event, boolean complete) {
        String clientIp = ClientAddress.of(session.getContext().getConnection());
        Verification verification = session.getProvider(ApiKeyProvider.class).verify(realm, credential, clientIp);
        event.detail(Details.CREDENTIAL_TYPE, CREDENTIAL_TYPE).detail("api_key_use", use);
        if (verification.key() != null) {
            event.detail(KEY_ID_CLAIM, verification.key().id()).detail("api_key_name", verification.key().name());
            if (verification.owner() != null) {
                event.user(verification.owner());
            } else {
                event.user(verification.key().ownerId());
            }
        }
        if (verification.previousSecret()) {
            event.detail("api_key_secret", "previous");
        }
        Metrics.counter(VERIFICATIONS, "realm", realm.getName(), "use", use, "result",
                verification.code().name().toLowerCase(Locale.ROOT)).increment();
        if (!verification.valid()) {
            event.detail(Details.REASON, verification.code().name()).error(verification.code().eventError());
            // Usage is shown to a key's owner: an unknown key has none, and a deleted owner's keys keep none.
            if (verification.key() != null && verification.owner() != null) {
                count(session, verification, verification.code().name(), 0);
            }
        } else if (complete) {
            event.success();
            count(session, verification, ApiKeyProvider.VALID, 0);
        }
        return verification;
    }

    /**
     * Counts one presentation of the verified key in its daily usage: {@link ApiKeyProvider#VALID} with the quota
     * units it deducted, or the code it was refused with. Buffered: no database write of its own.
     */
    public static void count(KeycloakSession session, Verification verification, String outcome, long quotaUnits) {
        session.getProvider(ApiKeyProvider.class).countUse(verification.key(), outcome, quotaUnits);
    }

    /** An event of {@code type} for this request, with the client when there is one. */
    public static EventBuilder event(KeycloakSession session, RealmModel realm, EventType type, ClientModel client) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(type);
        if (client != null) {
            event.client(client);
        }
        return event;
    }

    /** Restricts {@code token}'s roles to exactly the key's and names the key in it. */
    public static void limitToKey(AccessToken token, Verification verification) {
        AccessToken.Access realmAccess = null;
        Map<String, AccessToken.Access> resourceAccess = new LinkedHashMap<>();
        for (RoleModel role : verification.roles()) {
            if (role.isClientRole()) {
                ClientModel client = (ClientModel) role.getContainer();
                resourceAccess.computeIfAbsent(client.getClientId(), c -> new AccessToken.Access())
                        .addRole(role.getName());
            } else {
                if (realmAccess == null) {
                    realmAccess = new AccessToken.Access();
                }
                realmAccess.addRole(role.getName());
            }
        }
        token.setRealmAccess(realmAccess);
        token.setResourceAccess(resourceAccess);
        List<String> audience = resourceAccess.keySet().stream()
                .filter(clientId -> !clientId.equals(token.getIssuedFor())).toList();
        // The audience follows the roles: a client the key has no role for is not an audience of its token.
        token.audience(audience.isEmpty() ? null : audience.toArray(String[]::new));
        token.getOtherClaims().put(KEY_ID_CLAIM, verification.key().id());
        if (verification.key().expiresAt() != null) {
            // A token must not outlive the key it came from.
            long keyExpiry = verification.key().expiresAt().getEpochSecond();
            if (token.getExp() == null || token.getExp() > keyExpiry) {
                token.exp(keyExpiry);
            }
        }
    }
}
