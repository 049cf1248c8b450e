package io.xaa.keycloak.policy;

import java.time.Instant;
import java.util.List;

/**
 * An admin's approval that one requesting client (an AI app) may obtain ID-JAGs for one resource app.
 * Empty {@code resources} means every resource of the app; empty {@code requiredGroups} means any user.
 * {@code requiredGroups} holds Keycloak group ids (stable across renames), never paths.
 */
public record Connection(
        String id,
        String clientId,
        String resourceAppId,
        String clientIdAtResourceApp,
        List<String> scopes,
        List<String> resources,
        List<String> requiredGroups,
        boolean enabled,
        Instant expiresAt,
        String description,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {

    public Connection {
        scopes = List.copyOf(scopes);
        resources = List.copyOf(resources);
        requiredGroups = List.copyOf(requiredGroups);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
