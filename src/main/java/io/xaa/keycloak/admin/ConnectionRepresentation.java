package io.xaa.keycloak.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.store.ConnectionUsage;

import java.util.List;

/**
 * The JSON of a connection. Times are ISO-8601 strings; createdBy/At, updatedBy/At, lastUsedAt and
 * issuedCount are read-only (ignored on input). An update merges: a field its body omits keeps its value, so
 * an omitted field never becomes more permissive; an explicit null reads as on create (no expiry, no
 * description, an empty list, enabled).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ConnectionRepresentation {

    public String id;
    public String clientId;
    public String resourceAppId;
    public String clientIdAtResourceApp;
    public List<String> scopes;
    public List<String> resources;
    public List<String> requiredGroups;
    public Boolean enabled;
    public String expiresAt;
    public String description;
    public String createdBy;
    public String createdAt;
    public String updatedBy;
    public String updatedAt;
    public String lastUsedAt;
    public Long issuedCount;
    /** Only in export documents: the audience of the resource app, which names it across realms. */
    public String resourceAppAudience;

    static ConnectionRepresentation of(Connection connection) {
        ConnectionRepresentation rep = new ConnectionRepresentation();
        rep.id = connection.id();
        rep.clientId = connection.clientId();
        rep.resourceAppId = connection.resourceAppId();
        rep.clientIdAtResourceApp = connection.clientIdAtResourceApp();
        rep.scopes = connection.scopes();
        rep.resources = connection.resources();
        rep.requiredGroups = connection.requiredGroups();
        rep.enabled = connection.enabled();
        rep.expiresAt = Representations.text(connection.expiresAt());
        rep.description = connection.description();
        rep.createdBy = connection.createdBy();
        rep.createdAt = Representations.text(connection.createdAt());
        rep.updatedBy = connection.updatedBy();
        rep.updatedAt = Representations.text(connection.updatedAt());
        return rep;
    }

    static ConnectionRepresentation of(Connection connection, ConnectionUsage usage) {
        ConnectionRepresentation rep = of(connection);
        rep.lastUsedAt = Representations.text(usage.lastUsedAt());
        rep.issuedCount = usage.issuedCount();
        return rep;
    }

    Connection toModel(String id) {
        return new Connection(id, clientId, resourceAppId, clientIdAtResourceApp, Representations.list(scopes),
                Representations.list(resources), Representations.list(requiredGroups), enabled == null || enabled,
                Representations.instant(expiresAt, "expiresAt"), description, null, null, null, null);
    }
}
