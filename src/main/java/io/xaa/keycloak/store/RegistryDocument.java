package io.xaa.keycloak.store;

import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.ResourceApp;

import java.util.List;

/**
 * The realm's whole configuration as one document (policy as code). Connections name their resource
 * app by the app's audience, and blocked users are named by username, so a document moves between realms and
 * environments unchanged.
 *
 * @param issuanceStopped the realm's kill switch; null when the document says nothing of it, which leaves it as it is
 *                        in either import mode (an emergency stop is never lifted by a document that does not mention it)
 * @param blockedUsers    null likewise leaves the blocks as they are; a list is merged, or in replace mode is the
 *                        realm's whole list afterwards
 */
public record RegistryDocument(List<ResourceApp> resourceApps, List<DocumentConnection> connections,
                               Boolean issuanceStopped, List<DocumentUserBlock> blockedUsers) {

    public RegistryDocument {
        resourceApps = List.copyOf(resourceApps);
        connections = List.copyOf(connections);
        blockedUsers = blockedUsers == null ? null : List.copyOf(blockedUsers);
    }

    /** A blocked user, by username, and why. */
    public record DocumentUserBlock(String username, String reason) {
    }

    /** A connection and the audience of its resource app. */
    public record DocumentConnection(String resourceAppAudience, Connection connection) {
    }
}
