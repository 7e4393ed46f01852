package io.latchkey.discogs.oauth;

import java.util.Objects;

/** Who the Discogs user is, from {@code GET /oauth/identity}: the stable numeric id and the (changeable) username. */
public record DiscogsIdentity(String id, String username) {

    public DiscogsIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }
}
