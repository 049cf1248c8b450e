package io.xaa.keycloak.admin;

import io.xaa.keycloak.store.RegistryDocument;
import io.xaa.keycloak.store.RegistryException;
import io.xaa.keycloak.store.RequiredGroups;

import java.util.List;
import java.util.Objects;

/** The JSON of {@code GET /export} and {@code POST /import}: the realm's whole configuration. */
public final class RegistryDocumentRepresentation {

    public List<ResourceAppRepresentation> resourceApps;
    public List<ConnectionRepresentation> connections;
    /** The realm's kill switch, exported only when on; absent or null on import leaves it as it is. */
    public Boolean issuanceStopped;
    /**
     * Only {@code username} and {@code reason} are exported (and only when some user is blocked) and read on import;
     * absent or null on import leaves the blocks as they are, so only importing a list needs manage-users.
     */
    public List<UserBlockRepresentation> blockedUsers;

    /** Connections name their required groups by path, which moves between realms; ids do not, so they are left out. */
    static RegistryDocumentRepresentation of(RegistryDocument document, RequiredGroups groups) {
        RegistryDocumentRepresentation rep = new RegistryDocumentRepresentation();
        rep.resourceApps = document.resourceApps().stream().map(ResourceAppRepresentation::of).toList();
        rep.connections = document.connections().stream().map(documentConnection -> {
            ConnectionRepresentation connection = ConnectionRepresentation.of(documentConnection.connection(), groups);
            connection.requiredGroupIds = null;
            connection.resourceAppAudience = documentConnection.resourceAppAudience();
            return connection;
        }).toList();
        // Only a switch that is on is written: importing the export of a running realm then never resumes a stopped
        // one nor lifts its blocks, and needs no manage-users.
        rep.issuanceStopped = Boolean.TRUE.equals(document.issuanceStopped()) ? true : null;
        rep.blockedUsers = document.blockedUsers().isEmpty() ? null : document.blockedUsers().stream().map(block -> {
            UserBlockRepresentation blocked = new UserBlockRepresentation();
            blocked.username = block.username();
            blocked.reason = block.reason();
            return blocked;
        }).toList();
        return rep;
    }

    /** Nothing is stored yet, so a required group that no longer exists is refused rather than kept. */
    RegistryDocument toModel(RequiredGroups groups) {
        List<ResourceAppRepresentation> apps = resourceApps == null ? List.of() : resourceApps;
        List<ConnectionRepresentation> links = connections == null ? List.of() : connections;
        if (apps.stream().anyMatch(Objects::isNull) || links.stream().anyMatch(Objects::isNull)
                || blockedUsers != null && blockedUsers.stream().anyMatch(Objects::isNull)) {
            throw RegistryException.invalid("lists must not contain null");
        }
        return new RegistryDocument(
                apps.stream().map(app -> app.toModel(null)).toList(),
                links.stream().map(connection -> {
                    if (connection.resourceAppAudience == null) {
                        throw RegistryException.invalid("each connection of an import names its resource app by resourceAppAudience");
                    }
                    return new RegistryDocument.DocumentConnection(connection.resourceAppAudience, connection.toModel(null, groups, List.of()));
                }).toList(),
                issuanceStopped,
                blockedUsers == null ? null
                        : blockedUsers.stream().map(block -> new RegistryDocument.DocumentUserBlock(block.username, block.reason)).toList());
    }
}
