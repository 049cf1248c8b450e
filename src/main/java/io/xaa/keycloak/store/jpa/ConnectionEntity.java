package io.xaa.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "XAA_CONNECTION")
@NamedQueries({
        @NamedQuery(name = "xaaConnectionByClientAndApp",
                query = "select c from ConnectionEntity c where c.realmId = :realmId and c.clientUuid = :clientUuid and c.resourceAppId = :resourceAppId"),
        @NamedQuery(name = "xaaConnectionsByAppAndClientIdAtApp",
                query = "select c from ConnectionEntity c where c.resourceAppId = :resourceAppId and c.clientIdAtResourceApp = :clientIdAtResourceApp"),
        @NamedQuery(name = "xaaConnectionCountByClient",
                query = "select count(c) from ConnectionEntity c where c.realmId = :realmId and c.clientUuid = :clientUuid"),
        @NamedQuery(name = "xaaConnectionsByRealm",
                query = "select c from ConnectionEntity c where c.realmId = :realmId order by c.createdAt, c.id"),
        @NamedQuery(name = "xaaConnectionIdsByApp",
                query = "select c.id from ConnectionEntity c where c.resourceAppId = :resourceAppId"),
        @NamedQuery(name = "xaaConnectionIdsByClient",
                query = "select c.id from ConnectionEntity c where c.realmId = :realmId and c.clientUuid = :clientUuid"),
        @NamedQuery(name = "xaaFoldedUsage",
                query = "select c.id, c.foldedIssuedCount, c.foldedLastUsedAt from ConnectionEntity c where c.id in :ids"),
        @NamedQuery(name = "xaaConnectionIdsByRealm",
                query = "select c.id from ConnectionEntity c where c.realmId = :realmId"),
        // Touches only the folded figures, computed in the database, so it never writes back a stale admin change.
        @NamedQuery(name = "xaaFoldIntoConnection",
                query = "update ConnectionEntity c set c.foldedIssuedCount = c.foldedIssuedCount + :count,"
                        + " c.foldedLastUsedAt = case when c.foldedLastUsedAt is null or c.foldedLastUsedAt < :lastUsedAt"
                        + " then :lastUsedAt else c.foldedLastUsedAt end"
                        + " where c.id = :id")
})
public class ConnectionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The requesting client's internal id, so a clientId rename keeps the connection. */
    @Column(name = "CLIENT_UUID", length = 36, nullable = false)
    private String clientUuid;

    @Column(name = "RESOURCE_APP_ID", length = 36, nullable = false)
    private String resourceAppId;

    @Column(name = "CLIENT_ID_AT_APP", nullable = false)
    private String clientIdAtResourceApp;

    @Column(name = "SCOPES", length = 4000)
    private String scopes;

    @Column(name = "RESOURCES", length = 4000)
    private String resources;

    @Column(name = "REQUIRED_GROUPS", length = 4000)
    private String requiredGroups;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "EXPIRES_AT")
    private Long expiresAt;

    @Column(name = "DESCRIPTION", length = 1024)
    private String description;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_BY")
    private String updatedBy;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    /**
     * Uses already folded in from XAA_CONNECTION_USE, written only by the fold's own update (see {@code foldUsage}):
     * an admin's update of a connection read before a fold must not write back the older figures.
     */
    @Column(name = "FOLDED_ISSUED_COUNT", nullable = false, updatable = false)
    private long foldedIssuedCount;

    @Column(name = "FOLDED_LAST_USED_AT", updatable = false)
    private Long foldedLastUsedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getClientUuid() { return clientUuid; }
    public void setClientUuid(String clientUuid) { this.clientUuid = clientUuid; }
    public String getResourceAppId() { return resourceAppId; }
    public void setResourceAppId(String resourceAppId) { this.resourceAppId = resourceAppId; }
    public String getClientIdAtResourceApp() { return clientIdAtResourceApp; }
    public void setClientIdAtResourceApp(String clientIdAtResourceApp) { this.clientIdAtResourceApp = clientIdAtResourceApp; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public String getResources() { return resources; }
    public void setResources(String resources) { this.resources = resources; }
    public String getRequiredGroups() { return requiredGroups; }
    public void setRequiredGroups(String requiredGroups) { this.requiredGroups = requiredGroups; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getUpdatedBy() { return updatedBy; }
    public void setUpdatedBy(String updatedBy) { this.updatedBy = updatedBy; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public long getFoldedIssuedCount() { return foldedIssuedCount; }
    public Long getFoldedLastUsedAt() { return foldedLastUsedAt; }
}
