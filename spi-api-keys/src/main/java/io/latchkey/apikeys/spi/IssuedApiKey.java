package io.latchkey.apikeys.spi;

/** A key just created or regenerated: the only moment its secret exists outside the caller's hands. */
public record IssuedApiKey(ApiKeyModel key, String secret) {
}
