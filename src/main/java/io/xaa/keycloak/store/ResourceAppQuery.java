package io.xaa.keycloak.store;

/** Filters of the resource-app list; null means "any". {@code search} matches name or audience. */
public record ResourceAppQuery(String search, Boolean enabled) {
}
