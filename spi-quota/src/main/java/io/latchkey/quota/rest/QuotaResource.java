package io.latchkey.quota.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.BearerAuth;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.quota.spi.MessageLogResult;
import io.latchkey.quota.spi.QuotaProvider;

/** {@code /realms/{realm}/quota}: the caller's plan and remaining quotas. */
@Tag(name = "Quota", description = "Plans and quotas")
@SecurityRequirement(name = ApiDoc.BEARER)
@SecurityRequirement(name = ApiDoc.API_KEY)
@APIResponse(responseCode = "401", description = "No credential, or one that is not valid.",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
public final class QuotaResource {

    private final KeycloakSession session;

    public QuotaResource(KeycloakSession session) {
        this.session = session;
    }

    static final int MAX_MESSAGES_BYTES = 262_144;
    private static final int UNPROCESSABLE = 422;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's plan and, per quota, limit, used, remaining and reset time",
            description = "Needs latchkey:quota:read.")
    @APIResponse(responseCode = "200", description = "The caller's plan and quotas.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = UserQuotaRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:quota:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public UserQuotaRepresentation mine() {
        Caller auth = BearerAuth.require(session);
        new QuotaPermissionEvaluator(auth).requireReadOwn();
        return UserQuotaRepresentation.of(session, session.getContext().getRealm(), auth.user());
    }

    @POST
    @Path("log-message")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log a conversation's messages, usually with an API key",
            description = "Needs latchkey:quota:log. The answer waits for the record's commit (group commit: records"
                    + " sent at the same time share a transaction), so 202 means the record is in the database.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = LogMessageRequest.class)))
    @APIResponse(responseCode = "202", description = "Logged: the record is committed (202, as the legacy service"
            + " answered).", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "status",
                    properties = @SchemaProperty(name = "status", type = SchemaType.STRING, enumeration = "accepted"))))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:quota:log.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "422", description = "The database refused this record (the reason is in detail);"
            + " it was not logged, and sending it again will not help.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = "Not logged now: the log's memory bound is reached, its database"
            + " is unavailable, or the commit was not confirmed in time (detail says which). Retry after Retry-After.",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before sending again.",
                    schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response logMessage(String body) {
        Caller auth = BearerAuth.require(session);
        new QuotaPermissionEvaluator(auth).requireLog();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("model", "messages", "research_model"));
        String model = errors.string(json, "model", true, "Model is required.", 100);
        JsonNode messages = json.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            errors.add("messages", "Must be a non-empty list of {\"role\", \"content\"} objects.");
        } else {
            for (JsonNode message : messages) {
                if (!message.isObject() || !message.path("role").isTextual() || !message.path("content").isTextual()
                        || message.size() != 2) {
                    errors.add("messages", "Each message must be {\"role\": string, \"content\": string}.");
                    break;
                }
            }
        }
        JsonNode research = json.get("research_model");
        if (research != null && !research.isNull() && !research.isBoolean()) {
            errors.add("research_model", "Must be true or false.");
        }
        String messagesJson = errors.has("messages") ? null : messages.toString();
        if (messagesJson != null && messagesJson.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGES_BYTES) {
            errors.add("messages", "Ensure the messages are no larger than " + MAX_MESSAGES_BYTES + " bytes.");
        }
        errors.throwIfAny();
        MessageLogResult result = session.getProvider(QuotaProvider.class).logMessage(session.getContext().getRealm(),
                auth.user(), auth.keyId(), model, messagesJson, research != null && research.booleanValue());
        return switch (result.status()) {
            case LOGGED -> Response.accepted(Map.of("status", "accepted")).type(MediaType.APPLICATION_JSON_TYPE)
                    .build();
            case REFUSED -> Response.status(UNPROCESSABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("detail", result.detail())).build();
            case UNAVAILABLE -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.RETRY_AFTER, result.retryAfterSeconds())
                    .entity(Map.of("detail", result.detail())).build();
        };
    }

    /** The body of log-message, for the OpenAPI document; {@link #logMessage} parses it field by field. */
    @Schema(name = "LogMessageRequest", additionalProperties = Schema.False.class, requiredProperties = {"model", "messages"})
    record LogMessageRequest(
            @Schema(maxLength = 100) String model,
            @Schema(minItems = 1, description = "At most 262144 bytes as JSON.") List<Message> messages,
            @Schema(defaultValue = "false") Boolean research_model) {
    }

    @Schema(name = "LogMessage", additionalProperties = Schema.False.class, requiredProperties = {"role", "content"})
    record Message(String role, String content) {
    }
}
