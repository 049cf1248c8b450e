package io.xaa.keycloak.store.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

@Entity
@Table(name = "XAA_RESOURCE_APP")
@NamedQueries({
        @NamedQuery(name = "xaaResourceAppByAudience",
                query = "select a from ResourceAppEntity a where a.realmId = :realmId and a.audienceHash = :audienceHash and a.audience = :audience"),
        // The exchange's one read (JpaConnectionRegistry#policy): the app, the client's connection to it and both kill
        // switches, each through a primary or unique key.
        @NamedQuery(name = "xaaPolicy",
                query = "select a, c,"
                        + " (select count(b) from UserBlockEntity b where b.realmId = :realmId and b.userId = :userId),"
                        + " (select count(i) from IssuanceEntity i where i.realmId = :realmId and i.stopped = true)"
                        + " from ResourceAppEntity a left join ConnectionEntity c"
                        + " on c.realmId = a.realmId and c.clientUuid = :clientUuid and c.resourceAppId = a.id"
                        + " where a.realmId = :realmId and a.audienceHash = :audienceHash and a.audience = :audience"),
        @NamedQuery(name = "xaaResourceAppsByRealm",
                query = "select a from ResourceAppEntity a where a.realmId = :realmId order by a.name, a.id")
})
public class ResourceAppEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "AUDIENCE", length = 1024, nullable = false)
    private String audience;

    /** Kept by {@link #setAudience}; the unique key (realm, audience) is on it (see {@link AudienceHash}). */
    @Column(name = "AUDIENCE_HASH", length = AudienceHash.LENGTH, nullable = false)
    private String audienceHash;

    /** JSON array; lists are read whole, never queried by element. */
    @Column(name = "RESOURCES", length = 4000)
    private String resources;

    @Column(name = "SCOPES", length = 4000)
    private String scopes;

    @Column(name = "ID_JAG_LIFETIME", nullable = false)
    private int idJagLifetimeSeconds;

    @Column(name = "INCLUDE_EMAIL", nullable = false)
    private boolean includeEmail;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "ALLOW_REFRESH_TOKEN_SUBJECT", nullable = false)
    private boolean allowRefreshTokenSubject;

    @Column(name = "ALLOW_OFFLINE_TOKEN_SUBJECT", nullable = false)
    private boolean allowOfflineTokenSubject;

    /** JSON of the app-wide step-up policy, or null. */
    @Column(name = "STEP_UP", length = 1024)
    private String stepUp;

    /** JSON object: scope to step-up policy. */
    @Column(name = "SCOPE_STEP_UP", length = 4000)
    private String scopeStepUp;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) {
        this.audience = audience;
        this.audienceHash = AudienceHash.of(audience);
    }
    public String getResources() { return resources; }
    public void setResources(String resources) { this.resources = resources; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public int getIdJagLifetimeSeconds() { return idJagLifetimeSeconds; }
    public void setIdJagLifetimeSeconds(int idJagLifetimeSeconds) { this.idJagLifetimeSeconds = idJagLifetimeSeconds; }
    public boolean isIncludeEmail() { return includeEmail; }
    public void setIncludeEmail(boolean includeEmail) { this.includeEmail = includeEmail; }
    public boolean isAllowRefreshTokenSubject() { return allowRefreshTokenSubject; }
    public void setAllowRefreshTokenSubject(boolean allow) { this.allowRefreshTokenSubject = allow; }
    public boolean isAllowOfflineTokenSubject() { return allowOfflineTokenSubject; }
    public void setAllowOfflineTokenSubject(boolean allow) { this.allowOfflineTokenSubject = allow; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getStepUp() { return stepUp; }
    public void setStepUp(String stepUp) { this.stepUp = stepUp; }
    public String getScopeStepUp() { return scopeStepUp; }
    public void setScopeStepUp(String scopeStepUp) { this.scopeStepUp = scopeStepUp; }
}
