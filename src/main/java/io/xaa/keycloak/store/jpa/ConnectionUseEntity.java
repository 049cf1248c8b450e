package io.xaa.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One issued ID-JAG, appended without touching the connection row: concurrent exchanges on the same
 * connection then never wait on each other's row lock. Usage figures are the sum of these rows.
 */
@Entity
@Table(name = "XAA_CONNECTION_USE")
@NamedQueries({
        @NamedQuery(name = "xaaUsageByConnections",
                query = "select u.connectionId, count(u), max(u.usedAt) from ConnectionUseEntity u where u.connectionId in :ids group by u.connectionId"),
        @NamedQuery(name = "xaaUsageBefore",
                query = "select u.connectionId, count(u), max(u.usedAt) from ConnectionUseEntity u where u.usedAt < :before group by u.connectionId"),
        @NamedQuery(name = "xaaDeleteUsesBefore",
                query = "delete from ConnectionUseEntity u where u.usedAt < :before"),
        @NamedQuery(name = "xaaDeleteUsesOfConnections",
                query = "delete from ConnectionUseEntity u where u.connectionId in :ids")
})
public class ConnectionUseEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "CONNECTION_ID", length = 36, nullable = false)
    private String connectionId;

    @Column(name = "USED_AT", nullable = false)
    private long usedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public long getUsedAt() { return usedAt; }
    public void setUsedAt(long usedAt) { this.usedAt = usedAt; }
}
