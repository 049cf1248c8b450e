package io.xaa.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A user blocked from ID-JAGs; unique per realm and user, so the exchange reads at most one row by that key. */
@Entity
@Table(name = "XAA_USER_BLOCK")
@NamedQueries({
        @NamedQuery(name = "xaaUserBlock",
                query = "select b from UserBlockEntity b where b.realmId = :realmId and b.userId = :userId"),
        @NamedQuery(name = "xaaUserBlocksByRealm",
                query = "select b from UserBlockEntity b where b.realmId = :realmId order by b.blockedAt desc, b.id"),
        @NamedQuery(name = "xaaDeleteUserBlock",
                query = "delete from UserBlockEntity b where b.realmId = :realmId and b.userId = :userId"),
        @NamedQuery(name = "xaaDeleteUserBlocksByRealm",
                query = "delete from UserBlockEntity b where b.realmId = :realmId")
})
public class UserBlockEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 255, nullable = false)
    private String userId;

    @Column(name = "BLOCKED_BY", length = 255)
    private String blockedBy;

    @Column(name = "BLOCKED_AT", nullable = false)
    private long blockedAt;

    @Column(name = "REASON", length = 1000)
    private String reason;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getBlockedBy() { return blockedBy; }
    public void setBlockedBy(String blockedBy) { this.blockedBy = blockedBy; }
    public long getBlockedAt() { return blockedAt; }
    public void setBlockedAt(long blockedAt) { this.blockedAt = blockedAt; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
