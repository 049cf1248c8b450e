package io.xaa.keycloak.store;

import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.ResourceApp;

import java.util.List;

/**
 * The realm's whole configuration as one document (policy as code). Connections name their resource
 * app by the app's audience, so a document moves between realms and environments unchanged.
 */
public record RegistryDocument(List<ResourceApp> resourceApps, List<DocumentConnection> connections) {

    public RegistryDocument {
        resourceApps = List.copyOf(resourceApps);
        connections = List.copyOf(connections);
    }

    /** A connection and the audience of its resource app. */
    public record DocumentConnection(String resourceAppAudience, Connection connection) {
    }
}
