package io.latchkey.vault.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.console.ConsolePageFactory;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.vault.catalog.ServiceCatalog;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.ReencryptionResult;

/**
 * {@code /admin/realms/{realm}/credential-vault}: the realm's catalog and settings, a user's stored services, and
 * re-encryption after a key rotation. Keycloak authenticates the admin and hands over its permission evaluator;
 * every method checks its permission before anything else and records an admin event for changes.
 */
@Tag(name = "Credential vault (admin)", description = "A realm's service catalog, vault settings and users' stored"
        + " credentials, for realm administrators and kcadm.sh")
@SecurityRequirement(name = ApiDoc.ADMIN)
@APIResponse(responseCode = "401", description = "No admin token, or one that is not valid (Keycloak's answer; an"
        + " HTML page when the request asks for text/html).", content = {
        @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
        @Content(mediaType = CredentialVaultAdminResource.HTML, schema = @Schema(type = SchemaType.STRING))})
public final class CredentialVaultAdminResource {

    static final String HTML = "text/html";

    static final String RESOURCE_TYPE = "LATCHKEY_CREDENTIAL_VAULT";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CredentialVaultAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    @GET
    @Path("catalog")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's service catalog",
            description = "Needs view-realm. The default services until an admin sets the realm's own. What this"
                    + " answers can be sent back unchanged with PUT (kcadm.sh update reads, edits and writes it).")
    @APIResponse(responseCode = "200", description = "The catalog, in the order users see it.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CatalogRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The admin lacks view-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    public Map<String, List<CatalogEntryRepresentation>> getCatalog() {
        auth.realm().requireViewRealm();
        return Map.of("services", catalogEntries(VaultRealmSettings.catalog(realm)));
    }

    @PUT
    @Path("catalog")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the realm's service catalog",
            description = "Needs manage-realm. Takes what GET answers. Existing credentials of services no longer"
                    + " listed stay stored and listed; users can no longer create or update credentials for them."
                    + " Sending the catalog the realm already has changes nothing (a realm on the default services"
                    + " stays on them). Recorded as an admin event.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = CatalogRepresentation.class)))
    @APIResponse(responseCode = "200", description = "The catalog as stored.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CatalogRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid (keyed"
            + " services[i].field).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The admin lacks manage-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Map<String, List<CatalogEntryRepresentation>> putCatalog(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("services"));
        errors.throwIfAny();
        List<CatalogEntryRepresentation> entries = CatalogEntryRepresentation.parseAll(json.get("services"));
        // What GET answered, sent back by a read-edit-write tool, must not pin a realm on the default services to a
        // copy of them: only a different catalog is stored.
        if (!entries.equals(catalogEntries(VaultRealmSettings.catalog(realm)))) {
            VaultRealmSettings.setCatalog(realm, entries);
            ConsolePageFactory.sync(session, realm, CredentialVaultServicesPage.ID);
        }
        Map<String, List<CatalogEntryRepresentation>> result = Map.of("services", entries);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(result).success();
        return result;
    }

    @DELETE
    @Path("catalog")
    @Operation(summary = "Reset the realm's catalog to the default services",
            description = "Needs manage-realm. Recorded as an admin event.")
    @APIResponse(responseCode = "204", description = "The realm uses the default services again.")
    @APIResponse(responseCode = "403", description = "The admin lacks manage-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "415", description = "A body was sent, and not as application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response resetCatalog() {
        auth.realm().requireManageRealm();
        VaultRealmSettings.resetCatalog(realm);
        ConsolePageFactory.sync(session, realm, CredentialVaultServicesPage.ID);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's vault settings",
            description = "Needs view-realm. What this answers can be sent back unchanged with PUT.")
    @APIResponse(responseCode = "200", description = "The settings.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The admin lacks view-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return new SettingsRepresentation(VaultRealmSettings.ownerCanReadSecret(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the realm's vault settings",
            description = "Needs manage-realm. Takes what GET answers. Recorded as an admin event.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "200", description = "The settings as stored.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The admin lacks manage-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public SettingsRepresentation putSettings(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of(SettingsRepresentation.OWNER_READ));
        JsonNode ownerRead = json.get(SettingsRepresentation.OWNER_READ);
        if (ownerRead == null || !ownerRead.isBoolean()) {
            errors.add(SettingsRepresentation.OWNER_READ, "Must be true or false.");
        }
        errors.throwIfAny();
        VaultRealmSettings.setOwnerCanReadSecret(realm, ownerRead.booleanValue());
        SettingsRepresentation result = new SettingsRepresentation(ownerRead.booleanValue());
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(result).success();
        return result;
    }

    @GET
    @Path("users/{user_id}/credentials")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A user's stored credentials (never the secrets)",
            description = "Needs the right to view the user (view-users, or a fine-grained user permission).")
    @APIResponse(responseCode = "200", description = "The user's credentials.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = CredentialRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The admin lacks the right to view this user, or may not"
            + " query users and the user is unknown (Keycloak's answer; an HTML page when the request asks for"
            + " text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such user (to admins who may query users).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<CredentialRepresentation> userCredentials(
            @Parameter(description = "Keycloak id of the user.") @PathParam("user_id") String userId) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        return vault().list(realm, user).stream().map(CredentialRepresentation::of).toList();
    }

    @DELETE
    @Path("users/{user_id}/credentials/{service_name}")
    @Operation(summary = "Delete a user's credential for a service",
            description = "Needs the right to manage the user (manage-users, or a fine-grained user permission)."
                    + " Recorded as an admin event.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "403", description = "The admin lacks the right to manage this user, or may not"
            + " query users and the user is unknown (Keycloak's answer; an HTML page when the request asks for"
            + " text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "404", description = "No such user, or the user has no credential for that service.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "A body was sent, and not as application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response deleteUserCredential(
            @Parameter(description = "Keycloak id of the user.") @PathParam("user_id") String userId,
            @Parameter(description = "The service's name.") @PathParam("service_name") String service) {
        UserModel user = user(userId);
        auth.users().requireManage(user);
        if (!vault().deleteByService(realm, user, service)) {
            throw ApiErrors.error(Response.Status.NOT_FOUND, CredentialVaultResource.NOT_FOUND);
        }
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri())
                .detail("user_id", user.getId()).detail("service_name", service).success();
        return Response.noContent().build();
    }

    @POST
    @Path("reencrypt")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Re-encrypt every credential of the realm with the keyset's primary key",
            description = "Needs manage-realm. Run after adding a new primary key to the keyset; reports how many"
                    + " rows moved. Recorded as an admin event.")
    @APIResponse(responseCode = "200", description = "What the re-encryption did.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ReencryptionRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The admin lacks manage-realm (Keycloak's answer; an HTML page"
            + " when the request asks for text/html).", content = {
            @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)),
            @Content(mediaType = HTML, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "415", description = "A body was sent, and not as application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = "The server has no encryption key for this realm's vault.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ReencryptionRepresentation reencrypt() {
        auth.realm().requireManageRealm();
        CredentialVaultResource.requireKeys(session, realm);
        ReencryptionResult result = vault().reencrypt(realm);
        ReencryptionRepresentation representation = ReencryptionRepresentation.of(result);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(representation).success();
        return representation;
    }

    /** Like Keycloak's own user locator: an unknown id is 404 only to admins who may query users. */
    private UserModel user(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            if (auth.users().canQuery()) {
                throw ApiErrors.error(Response.Status.NOT_FOUND, CredentialVaultResource.NOT_FOUND);
            }
            throw new ForbiddenException();
        }
        return user;
    }

    private CredentialVaultProvider vault() {
        return session.getProvider(CredentialVaultProvider.class);
    }

    private static List<CatalogEntryRepresentation> catalogEntries(ServiceCatalog catalog) {
        return catalog.services().stream().map(CatalogEntryRepresentation::of).toList();
    }

    /** The realm's catalog as admins read and write it. */
    @Schema(name = "VaultCatalog", additionalProperties = Schema.False.class, requiredProperties = "services")
    record CatalogRepresentation(
            @Schema(minItems = 1, maxItems = CatalogEntryRepresentation.MAX_SERVICES,
                    description = "Service names must be unique.") List<CatalogEntryRepresentation> services) {
    }

    /** The realm's vault settings. */
    @Schema(name = "VaultSettings", additionalProperties = Schema.False.class,
            requiredProperties = SettingsRepresentation.OWNER_READ)
    public record SettingsRepresentation(@JsonProperty(OWNER_READ) @Schema(description = "Whether users may read"
            + " their own stored secrets back (GET .../credentials/{id}/secret); off by default.")
            boolean ownerCanReadSecret) {
        static final String OWNER_READ = "owner_can_read_secret";
    }

    /** What a re-encryption did. */
    @Schema(name = "VaultReencryption", requiredProperties = {"reencrypted", "total", "undecryptable",
            "primary_key_id"})
    public record ReencryptionRepresentation(
            @JsonProperty("reencrypted") int reencrypted,
            @JsonProperty("total") long total,
            @JsonProperty("undecryptable") int undecryptable,
            @JsonProperty("primary_key_id") long primaryKeyId) {

        static ReencryptionRepresentation of(ReencryptionResult result) {
            return new ReencryptionRepresentation(result.reencrypted(), result.total(), result.undecryptable(),
                    result.primaryKeyId());
        }
    }
}
