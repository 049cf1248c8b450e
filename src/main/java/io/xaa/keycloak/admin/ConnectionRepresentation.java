package io.xaa.keycloak.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.store.ConnectionUsage;
import io.xaa.keycloak.store.RegistryException;
import io.xaa.keycloak.store.RequiredGroups;

import java.util.ArrayList;
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
    /** The required groups' current paths. On input, when present, they win over {@link #requiredGroupIds}. */
    public List<String> requiredGroups;
    /** The required groups' ids, which is what the connection stores; read on input only when requiredGroups is absent. */
    public List<String> requiredGroupIds;
    /**
     * Required group ids whose group was deleted: they match nobody, so they keep refusing. On input with paths:
     * the deleted groups to keep requiring; absent, the connection keeps every one it had.
     */
    public List<String> missingRequiredGroupIds;
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

    static ConnectionRepresentation of(Connection connection, RequiredGroups groups) {
        ConnectionRepresentation rep = new ConnectionRepresentation();
        RequiredGroups.Shown shown = groups.show(connection.requiredGroups());
        rep.id = connection.id();
        rep.clientId = connection.clientId();
        rep.resourceAppId = connection.resourceAppId();
        rep.clientIdAtResourceApp = connection.clientIdAtResourceApp();
        rep.scopes = connection.scopes();
        rep.resources = connection.resources();
        rep.requiredGroups = shown.paths();
        rep.requiredGroupIds = connection.requiredGroups();
        rep.missingRequiredGroupIds = shown.missingIds();
        rep.enabled = connection.enabled();
        rep.expiresAt = Representations.text(connection.expiresAt());
        rep.description = connection.description();
        rep.createdBy = connection.createdBy();
        rep.createdAt = Representations.text(connection.createdAt());
        rep.updatedBy = connection.updatedBy();
        rep.updatedAt = Representations.text(connection.updatedAt());
        return rep;
    }

    static ConnectionRepresentation of(Connection connection, RequiredGroups groups, ConnectionUsage usage) {
        ConnectionRepresentation rep = of(connection, groups);
        rep.lastUsedAt = Representations.text(usage.lastUsedAt());
        rep.issuedCount = usage.issuedCount();
        return rep;
    }

    /**
     * The stored connection with the body's fields laid over it, so a field the body omits keeps its value (a PUT never
     * widens by omission). Ids sent without paths replace the stored groups: the stored paths must not win over them.
     */
    static ConnectionRepresentation merged(String body, Connection stored, RequiredGroups groups) {
        ConnectionRepresentation sent = Representations.read(body, ConnectionRepresentation.class);
        ConnectionRepresentation merged = Representations.merge(body, of(stored, groups));
        if (sent.requiredGroups == null && sent.requiredGroupIds != null) {
            merged.requiredGroups = null;
        }
        return merged;
    }

    /** {@code storedGroupIds}: what the connection requires now (empty for a new one). */
    Connection toModel(String id, RequiredGroups groups, List<String> storedGroupIds) {
        return new Connection(id, clientId, resourceAppId, clientIdAtResourceApp, Representations.list(scopes),
                Representations.list(resources), requiredGroupIds(groups, storedGroupIds), enabled == null || enabled,
                Representations.instant(expiresAt, "expiresAt"), description, null, null, null, null);
    }

    /**
     * One rule: paths when given, else ids. With paths, deleted groups are kept unless the input lists which to
     * keep, so a client that knows only paths can never drop one and so widen the connection.
     */
    private List<String> requiredGroupIds(RequiredGroups groups, List<String> storedGroupIds) {
        if (requiredGroups == null) {
            return Representations.list(requiredGroupIds);
        }
        List<String> ids = new ArrayList<>(groups.idsOf(Representations.list(requiredGroups)));
        if (missingRequiredGroupIds == null) {
            ids.addAll(groups.missing(storedGroupIds));
        } else {
            List<String> stillThere = groups.show(Representations.list(missingRequiredGroupIds)).paths();
            if (!stillThere.isEmpty()) {
                throw RegistryException.invalid("missingRequiredGroupIds names existing groups " + String.join(", ", stillThere)
                        + "; list them by path in requiredGroups");
            }
            ids.addAll(missingRequiredGroupIds);
        }
        return ids;
    }
}
