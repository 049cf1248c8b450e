package io.xaa.keycloak.store;

/**
 * Filters of the connection list; null means "any". {@code search} matches the client's clientId,
 * the resource app's name, the client id at the app and the description.
 */
public record ConnectionQuery(String search, String clientId, String resourceAppId, Boolean enabled) {
}
