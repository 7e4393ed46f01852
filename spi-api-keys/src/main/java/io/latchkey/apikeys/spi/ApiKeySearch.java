package io.latchkey.apikeys.spi;

/** Admin list filters; null means "any". */
public record ApiKeySearch(String organizationId, String roleId, String ownerId, Boolean active, String environment) {
}
