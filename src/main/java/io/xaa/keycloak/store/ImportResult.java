package io.xaa.keycloak.store;

/** What an import changed. */
public record ImportResult(int resourceAppsCreated, int resourceAppsUpdated, int resourceAppsDeleted,
                           int connectionsCreated, int connectionsUpdated, int connectionsDeleted,
                           int usersBlocked, int usersUnblocked) {
}
