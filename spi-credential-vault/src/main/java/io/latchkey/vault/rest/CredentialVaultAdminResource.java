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

import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.console.ConsolePageFactory;
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
@Tag(name = "Credential vault (admin)")
public final class CredentialVaultAdminResource {

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
    @Operation(summary = "The realm's service catalog")
    public Map<String, List<CatalogEntryRepresentation>> getCatalog() {
        auth.realm().requireViewRealm();
        return Map.of("services", catalogEntries(VaultRealmSettings.catalog(realm)));
    }

    @PUT
    @Path("catalog")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the realm's service catalog: {\"services\": [...]}",
            description = "Existing credentials of services no longer listed stay stored and listed; users can no"
                    + " longer create or update credentials for them.")
    public Map<String, List<CatalogEntryRepresentation>> putCatalog(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("services"));
        errors.throwIfAny();
        List<CatalogEntryRepresentation> entries = CatalogEntryRepresentation.parseAll(json.get("services"));
        VaultRealmSettings.setCatalog(realm, entries);
        ConsolePageFactory.sync(session, realm, CredentialVaultServicesPage.ID);
        Map<String, List<CatalogEntryRepresentation>> result = Map.of("services", entries);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(result).success();
        return result;
    }

    @DELETE
    @Path("catalog")
    @Operation(summary = "Reset the realm's catalog to the default services")
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
    @Operation(summary = "The realm's vault settings")
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return new SettingsRepresentation(VaultRealmSettings.ownerCanReadSecret(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the realm's vault settings: {\"owner_can_read_secret\": false}")
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
    @Operation(summary = "A user's stored credentials (never the secrets)")
    public List<CredentialRepresentation> userCredentials(@PathParam("user_id") String userId) {
        UserModel user = user(userId);
        auth.users().requireView(user);
        return vault().list(realm, user).stream().map(CredentialRepresentation::of).toList();
    }

    @DELETE
    @Path("users/{user_id}/credentials/{service_name}")
    @Operation(summary = "Delete a user's credential for a service")
    public Response deleteUserCredential(@PathParam("user_id") String userId,
            @PathParam("service_name") String service) {
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
            description = "Run after adding a new primary key to the keyset; reports how many rows moved.")
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

    /** The realm's vault settings. */
    public record SettingsRepresentation(@JsonProperty(OWNER_READ) boolean ownerCanReadSecret) {
        static final String OWNER_READ = "owner_can_read_secret";
    }

    /** What a re-encryption did. */
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
