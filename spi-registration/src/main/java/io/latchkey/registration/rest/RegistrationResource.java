package io.latchkey.registration.rest;

import java.io.IOException;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.services.messages.Messages;
import org.keycloak.theme.Theme;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import io.latchkey.common.ratelimit.RateLimiter;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code POST /realms/{realm}/registration}: seeds 002/003's {@code /api/auth/register} for apps that cannot show
 * Keycloak's registration page. Everything a value must satisfy comes from the realm, exactly as for the page: the
 * declarative user profile (fields, validators, who may set what) and the password policy. Duplicates are 409.
 */
@Tag(name = "Registration", description = "Create a user account from JSON, validated by the realm's user profile")
public final class RegistrationResource {

    /** Realm attribute: registrations per client address per minute (counted per node); 0 turns the limit off. */
    public static final String RATE_LIMIT_ATTRIBUTE = "latchkey.registration.rate_limit_per_minute";
    static final int DEFAULT_RATE_LIMIT = 10;

    private static final Logger LOG = Logger.getLogger(RegistrationResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RateLimiter rateLimiter;
    /** The login theme's English messages, loaded on the first error of the request. */
    private Properties cachedMessages;

    RegistrationResource(KeycloakSession session, RateLimiter rateLimiter) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.rateLimiter = rateLimiter;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a user: 201 with the new account, 400 with per-field errors, 409 for a taken"
            + " username or email, 429 when one address registers too often")
    public Response register(String body) {
        if (!realm.isRegistrationAllowed()) {
            throw ApiErrors.error(Response.Status.FORBIDDEN, "Registration is disabled for this realm.");
        }
        rateLimit();
        FieldErrors errors = new FieldErrors();
        RegistrationRequest request = RegistrationRequest.parse(JsonBody.object(session, body), errors);
        errors.throwIfAny();

        UserProfile profile = session.getProvider(UserProfileProvider.class)
                .create(UserProfileContext.REGISTRATION, request.attributes());
        Map<String, List<String>> problems = new LinkedHashMap<>();
        boolean duplicate = false;
        try {
            profile.validate();
        } catch (ValidationException e) {
            for (ValidationException.Error error : e.getErrors()) {
                duplicate |= Messages.USERNAME_EXISTS.equals(error.getMessage())
                        || Messages.EMAIL_EXISTS.equals(error.getMessage());
                // Keycloak may report one problem through two validators; the caller needs it once.
                List<String> messages = problems.computeIfAbsent(RegistrationRequest.field(error.getAttribute()),
                        f -> new ArrayList<>());
                String message = error.getFormattedMessage(this::message);
                if (!messages.contains(message)) {
                    messages.add(message);
                }
            }
        }
        PolicyError weak = session.getProvider(PasswordPolicyManagerProvider.class)
                .validate(request.username(), request.password());
        if (weak != null) {
            problems.computeIfAbsent("password", f -> new ArrayList<>())
                    .add(message(weak.getMessage(), weak.getParameters()));
        }
        if (!problems.isEmpty()) {
            boolean onlyDuplicates = duplicate && problems.keySet().stream()
                    .allMatch(field -> field.equals("username") || field.equals("email"));
            throw new WebApplicationException(Response
                    .status(onlyDuplicates ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(problems).build());
        }

        UserModel user = profile.create();
        user.setEnabled(true);
        user.credentialManager().updateCredential(UserCredentialModel.password(request.password(), false));
        if (realm.isVerifyEmail()) {
            user.addRequiredAction(UserModel.RequiredAction.VERIFY_EMAIL);
        }
        new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.REGISTER)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.EMAIL, user.getEmail())
                .detail(Details.REGISTER_METHOD, "latchkey-json")
                .success();
        return Response.status(Response.Status.CREATED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(representation(user))
                .build();
    }

    private void rateLimit() {
        int limit = rateLimitPerMinute();
        if (limit <= 0) {
            return;
        }
        String address = String.valueOf(session.getContext().getConnection().getRemoteAddr());
        RateLimiter.Outcome outcome = rateLimiter.hit(realm.getId(), address, limit, System.currentTimeMillis());
        if (!outcome.allowed()) {
            throw new WebApplicationException(Response.status(Response.Status.TOO_MANY_REQUESTS)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", Long.toString(outcome.retryAfterSeconds()))
                    .entity(Map.of("detail", "Too many registrations from this address. Try again in "
                            + outcome.retryAfterSeconds() + " seconds."))
                    .build());
        }
    }

    private int rateLimitPerMinute() {
        String configured = realm.getAttribute(RATE_LIMIT_ATTRIBUTE);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_RATE_LIMIT;
        }
        try {
            return Integer.parseInt(configured.trim());
        } catch (NumberFormatException e) {
            LOG.warnf("Realm '%s' attribute %s is not a number; using %d", realm.getName(), RATE_LIMIT_ATTRIBUTE,
                    DEFAULT_RATE_LIMIT);
            return DEFAULT_RATE_LIMIT;
        }
    }

    private Map<String, Object> representation(UserModel user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", user.getId());
        body.put("username", user.getUsername());
        body.put("email", user.getEmail());
        body.put("first_name", user.getFirstName());
        body.put("last_name", user.getLastName());
        for (String attribute : List.of("type", "about_me", "hobbies", "subscription_plan")) {
            body.put(attribute, user.getFirstAttribute(attribute));
        }
        body.put("email_verified", user.isEmailVerified());
        body.put("required_actions", user.getRequiredActionsStream().toList());
        body.put("created_at", user.getCreatedTimestamp() == null ? null
                : Instant.ofEpochMilli(user.getCreatedTimestamp()).toString());
        return body;
    }

    /**
     * A Keycloak message key in the realm's login-theme English text, parameters included ({@code ${key}} parameters,
     * such as attribute display names, resolved too), so apps show the same words the registration page shows.
     */
    private String message(String key, Object[] parameters) {
        Properties messages = messages();
        Object[] resolved = parameters == null ? new Object[0] : parameters.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i] instanceof String text && text.startsWith("${") && text.endsWith("}")) {
                resolved[i] = messages.getProperty(text.substring(2, text.length() - 1), text);
            }
        }
        String pattern = messages.getProperty(key, key);
        try {
            return new MessageFormat(pattern, Locale.ENGLISH).format(resolved);
        } catch (IllegalArgumentException e) {
            return pattern;
        }
    }

    private Properties messages() {
        if (cachedMessages == null) {
            try {
                Theme theme = session.theme().getTheme(Theme.Type.LOGIN);
                cachedMessages = theme.getEnhancedMessages(realm, Locale.ENGLISH);
            } catch (IOException e) {
                cachedMessages = new Properties();
            }
        }
        return cachedMessages;
    }
}
