package io.latchkey.apikeys.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;

import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.VerifyRejection;
import io.latchkey.common.net.ClientAddress;

/** The deployed {@link ApiKeyVerifyHook}s, in provider-id order. */
public final class VerifyHooks {

    private VerifyHooks() {
    }

    /** The sorted hook ids of one session factory: the deployed providers do not change while it runs. */
    private record Order(KeycloakSessionFactory factory, List<String> ids) {
    }

    private static volatile Order order;

    public static List<ApiKeyVerifyHook> ordered(KeycloakSession session) {
        return ids(session.getKeycloakSessionFactory()).stream()
                .map(id -> session.getProvider(ApiKeyVerifyHook.class, id)).toList();
    }

    private static List<String> ids(KeycloakSessionFactory factory) {
        Order known = order;
        if (known == null || known.factory() != factory) {
            known = new Order(factory, factory.getProviderFactoriesStream(ApiKeyVerifyHook.class)
                    .map(ProviderFactory::getId).sorted().toList());
            order = known;
        }
        return known.ids();
    }

    /** The first rejection of any hook before the key is looked up, from the request's client address. */
    public static Optional<VerifyRejection> beforeLookup(KeycloakSession session, RealmModel realm, String use) {
        String clientIp = ClientAddress.of(session.getContext().getConnection());
        for (ApiKeyVerifyHook hook : ordered(session)) {
            Optional<VerifyRejection> rejection = hook.beforeLookup(session, realm, clientIp, use);
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }

    /**
     * A realm's refusal before any key is looked up (its per-address rate limit, its IP allow-list) when a key is used
     * on the bundle's own endpoints: the hook's status, code, sentence and headers, as verify answers them, so a
     * client can tell "slow down" (429, Retry-After) and "not from here" (403) from a bad key (401).
     */
    public static WebApplicationException refusal(VerifyRejection rejection) {
        return new WebApplicationException(response(rejection, new LinkedHashMap<>()));
    }

    /** A hook's refusal as an answer: {@code body} and then its code, detail and fields; its status and headers. */
    public static Response response(VerifyRejection rejection, Map<String, Object> body) {
        body.put("code", rejection.code());
        body.put("detail", rejection.detail());
        body.putAll(rejection.fields());
        Response.ResponseBuilder response = Response.status(rejection.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        rejection.headers().forEach(response::header);
        return response.build();
    }
}
