package io.latchkey.openapi;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;


import io.latchkey.apikeys.rest.ApiKeysResource;
import io.latchkey.discogs.rest.DiscogsResource;
import io.latchkey.quota.rest.QuotaResource;
import io.latchkey.registration.rest.RegistrationResource;
import io.latchkey.vault.rest.CredentialVaultResource;

/**
 * Where Keycloak mounts the bundle's resources, for the OpenAPI document only; the document's shared parts are on
 * {@link LatchkeyOpenApiDefinition}.
 *
 * <p>Keycloak serves a realm resource at {@code /realms/{realm}/<provider id>} through its own sub-resource locator,
 * so the resource classes carry no root {@code @Path}; a root {@code @Path} in a provider jar would make Quarkus
 * register it as a second, session-less endpoint. This class states the mounts for the schema generator and is
 * never deployed: it lives in the openapi module, whose jar never goes to providers/.
 */
@Path("/realms/{realm}")
public abstract class LatchkeyApiMounts {

    @Path("credential-vault")
    public abstract CredentialVaultResource credentialVault(@PathParam("realm") String realm);

    @Path("api-keys")
    public abstract ApiKeysResource apiKeys(@PathParam("realm") String realm);

    @Path("quota")
    public abstract QuotaResource quota(@PathParam("realm") String realm);

    @Path("discogs")
    public abstract DiscogsResource discogs(@PathParam("realm") String realm);

    @Path("registration")
    public abstract RegistrationResource registration(@PathParam("realm") String realm);
}
