package io.latchkey.discogs.tokens;

import java.time.Instant;

/** A user's stored Discogs connection, without its secrets. */
public record DiscogsConnection(String discogsUserId, String discogsUsername, Instant connectedAt) {
}
