package io.latchkey.apikeys.spi;

import java.util.List;

import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * A verified (or refused) key.
 *
 * @param key   null when the key is unknown
 * @param owner null unless the owner exists
 * @param roles the key's roles that still exist (empty unless valid)
 */
public record Verification(VerificationCode code, ApiKeyModel key, UserModel owner, List<RoleModel> roles,
        boolean previousSecret) {

    public boolean valid() {
        return code == VerificationCode.VALID;
    }
}
