package io.latchkey.discogs.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.latchkey.discogs.oauth.DiscogsIdentity;
import io.latchkey.discogs.oauth.TokenPair;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;

/**
 * Users' Discogs access tokens, kept in the credential vault (Tink-encrypted, per user) under the provider's alias as
 * the service name ({@code discogs} for the default provider). The token and its secret are the encrypted part; the
 * Discogs user id and username are kept readable so lists and status need no decryption.
 *
 * <p>Keycloak's own "store tokens" option would put the token in FEDERATED_IDENTITY in plaintext; it is never used.
 */
public final class DiscogsTokenStore {

    static final String USERNAME = "discogs_username";
    static final String PROVIDER = "identity_provider";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialVaultProvider vault;

    public DiscogsTokenStore(KeycloakSession session) {
        this.vault = session.getProvider(CredentialVaultProvider.class);
    }

    /** Whether tokens can be stored in this realm: the vault is deployed and has a key for it. */
    public boolean isAvailable(RealmModel realm) {
        return vault != null && vault.isAvailable(realm);
    }

    public void store(RealmModel realm, UserModel user, String alias, DiscogsIdentity identity, TokenPair accessToken) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(USERNAME, identity.username());
        metadata.put(PROVIDER, alias);
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("oauth_token", accessToken.token());
        secret.put("oauth_token_secret", accessToken.secret());
        try {
            requireVault().put(realm, user,
                    new CredentialInput(alias, JSON.writeValueAsString(secret), identity.id(), metadata));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<DiscogsConnection> find(RealmModel realm, UserModel user, String alias) {
        if (vault == null) {
            return Optional.empty();
        }
        return vault.findByService(realm, user, alias).map(DiscogsTokenStore::connection);
    }

    /**
     * The decrypted token. Callers record who read it.
     *
     * @throws io.latchkey.vault.spi.UndecryptableCredentialException when the stored ciphertext no longer opens
     */
    public Optional<StoredTokens> reveal(RealmModel realm, UserModel user, String alias) {
        Optional<RevealedCredential> revealed = requireVault().reveal(realm, user, alias);
        if (revealed.isEmpty()) {
            return Optional.empty();
        }
        JsonNode secret;
        try {
            secret = JSON.readTree(revealed.get().secret());
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode token = secret.get("oauth_token");
        JsonNode tokenSecret = secret.get("oauth_token_secret");
        if (token == null || !token.isTextual() || tokenSecret == null || !tokenSecret.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new StoredTokens(connection(revealed.get().credential()),
                new TokenPair(token.textValue(), tokenSecret.textValue())));
    }

    public boolean delete(RealmModel realm, UserModel user, String alias) {
        return vault != null && vault.deleteByService(realm, user, alias);
    }

    private CredentialVaultProvider requireVault() {
        if (vault == null) {
            throw new IllegalStateException("The credential vault module is not deployed");
        }
        return vault;
    }

    private static DiscogsConnection connection(StoredCredential credential) {
        Object username = credential.metadata().get(USERNAME);
        return new DiscogsConnection(credential.serviceUserId(), username == null ? null : username.toString(),
                credential.updatedAt());
    }

    /** A connection with its decrypted tokens. Never log it. */
    public record StoredTokens(DiscogsConnection connection, TokenPair accessToken) {
    }
}
