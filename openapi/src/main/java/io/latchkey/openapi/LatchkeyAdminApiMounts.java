package io.latchkey.openapi;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.latchkey.apikeys.rest.ApiKeysAdminResource;
import io.latchkey.quota.rest.QuotaAdminResource;
import io.latchkey.vault.rest.CredentialVaultAdminResource;

/**
 * Where Keycloak mounts the bundle's admin resources ({@code AdminRealmResourceProvider}s), for the OpenAPI document
 * only; see {@link LatchkeyApiMounts} for why this is not in the provider jars. These endpoints take an access token
 * of a realm administrator (for example from the master realm's {@code admin-cli}).
 */
@Path("/admin/realms/{realm}")
public abstract class LatchkeyAdminApiMounts {

    @Path("credential-vault")
    public abstract CredentialVaultAdminResource credentialVault(@PathParam("realm") String realm);

    @Path("api-keys")
    public abstract ApiKeysAdminResource apiKeys(@PathParam("realm") String realm);

    @Path("quota")
    public abstract QuotaAdminResource quota(@PathParam("realm") String realm);
}
