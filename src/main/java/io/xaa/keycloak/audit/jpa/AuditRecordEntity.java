package io.xaa.keycloak.audit.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One row of XAA_AUDIT_RECORD: append-only, never updated; removed only by the retention purge (not with its
 * realm: an audit trail must outlive what it describes).
 */
@Entity
@Table(name = "XAA_AUDIT_RECORD")
@NamedQuery(name = "xaaPurgeAuditRecords", query = "delete from AuditRecordEntity r where r.time < :before")
public class AuditRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "EVENT_TIME", nullable = false)
    private long time;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "REALM_NAME")
    private String realmName;
    @Column(name = "TYPE", length = 32, nullable = false)
    private String type;
    @Column(name = "OUTCOME", length = 16, nullable = false)
    private String outcome;
    @Column(name = "CLIENT_ID")
    private String clientId;
    @Column(name = "USER_ID")
    private String userId;
    @Column(name = "USERNAME")
    private String username;
    @Column(name = "RESOURCE_APP_ID", length = 36)
    private String resourceAppId;
    @Column(name = "AUDIENCE", length = 1024)
    private String audience;
    @Column(name = "RESOURCES", length = 4000)
    private String resource;
    @Column(name = "SCOPE_REQUESTED", length = 4000)
    private String scopeRequested;
    @Column(name = "SCOPE_GRANTED", length = 4000)
    private String scopeGranted;
    @Column(name = "JTI")
    private String jti;
    @Column(name = "CONNECTION_ID", length = 36)
    private String connectionId;
    @Column(name = "ACR_REQUIRED")
    private String acrRequired;
    @Column(name = "ACR_ACTUAL")
    private String acrActual;
    @Column(name = "ERROR")
    private String error;
    @Column(name = "RULE_NAME", length = 64)
    private String rule;
    @Column(name = "REASON", length = 1024)
    private String reason;
    @Column(name = "SUBJECT_KIND", length = 20)
    private String subjectKind;
    @Column(name = "IP_ADDRESS")
    private String ipAddress;
    @Column(name = "USER_SESSION_ID")
    private String userSessionId;
    @Column(name = "OPERATION", length = 16)
    private String operation;
    @Column(name = "RESOURCE_TYPE", length = 64)
    private String resourceType;
    @Column(name = "BEFORE_JSON")
    private String before;
    @Column(name = "AFTER_JSON")
    private String after;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public long getTime() { return time; }
    public void setTime(long time) { this.time = time; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getRealmName() { return realmName; }
    public void setRealmName(String realmName) { this.realmName = realmName; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getOutcome() { return outcome; }
    public void setOutcome(String outcome) { this.outcome = outcome; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getResourceAppId() { return resourceAppId; }
    public void setResourceAppId(String resourceAppId) { this.resourceAppId = resourceAppId; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public String getResource() { return resource; }
    public void setResource(String resource) { this.resource = resource; }
    public String getScopeRequested() { return scopeRequested; }
    public void setScopeRequested(String scopeRequested) { this.scopeRequested = scopeRequested; }
    public String getScopeGranted() { return scopeGranted; }
    public void setScopeGranted(String scopeGranted) { this.scopeGranted = scopeGranted; }
    public String getJti() { return jti; }
    public void setJti(String jti) { this.jti = jti; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getAcrRequired() { return acrRequired; }
    public void setAcrRequired(String acrRequired) { this.acrRequired = acrRequired; }
    public String getAcrActual() { return acrActual; }
    public void setAcrActual(String acrActual) { this.acrActual = acrActual; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public String getRule() { return rule; }
    public void setRule(String rule) { this.rule = rule; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getSubjectKind() { return subjectKind; }
    public void setSubjectKind(String subjectKind) { this.subjectKind = subjectKind; }
    public String getIpAddress() { return ipAddress; }
    public void setIpAddress(String ipAddress) { this.ipAddress = ipAddress; }
    public String getUserSessionId() { return userSessionId; }
    public void setUserSessionId(String userSessionId) { this.userSessionId = userSessionId; }
    public String getOperation() { return operation; }
    public void setOperation(String operation) { this.operation = operation; }
    public String getResourceType() { return resourceType; }
    public void setResourceType(String resourceType) { this.resourceType = resourceType; }
    public String getBefore() { return before; }
    public void setBefore(String before) { this.before = before; }
    public String getAfter() { return after; }
    public void setAfter(String after) { this.after = after; }
}
