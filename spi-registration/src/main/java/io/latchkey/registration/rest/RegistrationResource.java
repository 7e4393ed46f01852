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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
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

import io.latchkey.common.net.ClientAddress;
import io.latchkey.common.ratelimit.RateLimiter;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code POST /realms/{realm}/registration}: the legacy services' {@code /api/auth/register}, kept for apps that cannot
 * show Keycloak's registration page (mobile and command-line clients that post JSON). Everything a value must satisfy comes from the realm, exactly as for the page: the
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
    @Operation(summary = "Register a user account from JSON",
            description = "Called without credentials, by apps that cannot show Keycloak's registration page. Needs"
                    + " the realm's user registration to be on. Every value is checked by the realm's user profile"
                    + " and password policy, as on the registration page; all problems are reported at once. A client"
                    + " address may register a limited number of times per minute (realm attribute "
                    + RATE_LIMIT_ATTRIBUTE + ", default " + DEFAULT_RATE_LIMIT + "). The new user signs in at the"
                    + " realm's token endpoint; when the realm verifies email addresses, VERIFY_EMAIL is pending.")
    @SecurityRequirements
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = RegistrationBody.class)))
    @APIResponse(responseCode = "201", description = "The account was created.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = RegisteredUser.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid (including"
            + " a taken username or email reported together with other problems).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "User registration is off in this realm.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The username or email address is taken, and nothing else is"
            + " wrong: only username and/or email appear.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "429", description = "This client address registered too often in the last minute.",
            headers = @Header(name = "Retry-After", description = "Seconds until a registration is accepted again.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
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
        String address = String.valueOf(ClientAddress.of(session.getContext().getConnection()));
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

    /**
     * The registration body, for the OpenAPI document; {@link RegistrationRequest#parse} reads it field by field. The
     * lengths are the shape check's; the realm's user profile and password policy may ask for less.
     */
    @Schema(name = "RegistrationRequest", additionalProperties = Schema.False.class,
            requiredProperties = {"username", "email", "password"},
            description = "Give either name or first_name and last_name. subscription_plan, level and"
                    + " additional_notes are refused: only administrators set them.")
    record RegistrationBody(
            @Schema(maxLength = 2000) String username,
            @Schema(maxLength = 2000, description = "Checked by the realm's user profile.") String email,
            @Schema(maxLength = 256, description = "Checked by the realm's password policy.") String password,
            @Schema(maxLength = 256, nullable = true, description = "When given, must equal password.")
            String confirm_password,
            @Schema(maxLength = 2000, nullable = true, description = "Full name: the first word becomes the first"
                    + " name, the rest the last name.") String name,
            @Schema(maxLength = 2000, nullable = true) String first_name,
            @Schema(maxLength = 2000, nullable = true) String last_name,
            @Schema(maxLength = 2000, nullable = true, defaultValue = RegistrationRequest.DEFAULT_TYPE,
                    description = "Account type, as the realm's user profile allows.") String type,
            @Schema(maxLength = 2000, nullable = true) String about_me,
            @Schema(maxLength = 2000, nullable = true) String hobbies) {
    }

    /**
     * The 201 body, for the OpenAPI document. Keycloak's JSON writer leaves out members that are null, so the ones a new
     * account may not have (names, about_me, hobbies, subscription_plan) are optional.
     */
    @Schema(name = "RegisteredUser", requiredProperties = {"id", "username", "email", "type", "email_verified",
            "required_actions", "created_at"})
    record RegisteredUser(
            String id,
            String username,
            String email,
            @Schema(nullable = true) String first_name,
            @Schema(nullable = true) String last_name,
            @Schema(nullable = true) String type,
            @Schema(nullable = true) String about_me,
            @Schema(nullable = true) String hobbies,
            @Schema(nullable = true, description = "Set by administrators and the realm's defaults, never by the"
                    + " caller.") String subscription_plan,
            boolean email_verified,
            @Schema(description = "Keycloak required actions pending, e.g. VERIFY_EMAIL.") List<String> required_actions,
            @Schema(nullable = true, format = "date-time") String created_at) {
    }
}
