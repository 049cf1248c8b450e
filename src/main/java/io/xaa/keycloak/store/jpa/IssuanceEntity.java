package io.xaa.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The realm's kill switch, keyed by the realm so the exchange reads it by primary key. */
@Entity
@Table(name = "XAA_ISSUANCE")
public class IssuanceEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "STOPPED", nullable = false)
    private boolean stopped;

    @Column(name = "CHANGED_BY", length = 255)
    private String changedBy;

    @Column(name = "CHANGED_AT", nullable = false)
    private long changedAt;

    @Column(name = "REASON", length = 1000)
    private String reason;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public boolean isStopped() { return stopped; }
    public void setStopped(boolean stopped) { this.stopped = stopped; }
    public String getChangedBy() { return changedBy; }
    public void setChangedBy(String changedBy) { this.changedBy = changedBy; }
    public long getChangedAt() { return changedAt; }
    public void setChangedAt(long changedAt) { this.changedAt = changedAt; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}
