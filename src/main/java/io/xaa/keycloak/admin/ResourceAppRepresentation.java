package io.xaa.keycloak.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.xaa.keycloak.policy.ResourceApp;

import java.util.List;
import java.util.Map;

/** The JSON of a resource app. Absent fields take their defaults on create and on update. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class ResourceAppRepresentation {

    public static final int DEFAULT_LIFETIME_SECONDS = 300;

    public String id;
    public String name;
    public String audience;
    public List<String> resources;
    public List<String> scopes;
    public Integer idJagLifetimeSeconds;
    public Boolean includeEmail;
    public Boolean enabled;
    public StepUpRepresentation stepUp;
    public Map<String, StepUpRepresentation> scopeStepUp;
    public Boolean allowRefreshTokenSubject;
    public Boolean allowOfflineTokenSubject;

    static ResourceAppRepresentation of(ResourceApp app) {
        ResourceAppRepresentation rep = new ResourceAppRepresentation();
        rep.id = app.id();
        rep.name = app.name();
        rep.audience = app.audience();
        rep.resources = app.resources();
        rep.scopes = app.scopes();
        rep.idJagLifetimeSeconds = app.idJagLifetimeSeconds();
        rep.includeEmail = app.includeEmail();
        rep.enabled = app.enabled();
        rep.stepUp = StepUpRepresentation.of(app.stepUp());
        rep.scopeStepUp = StepUpRepresentation.of(app.scopeStepUp());
        rep.allowRefreshTokenSubject = app.allowRefreshTokenSubject();
        rep.allowOfflineTokenSubject = app.allowOfflineTokenSubject();
        return rep;
    }

    ResourceApp toModel(String id) {
        return new ResourceApp(id, name, audience, Representations.list(resources), Representations.list(scopes),
                idJagLifetimeSeconds == null ? DEFAULT_LIFETIME_SECONDS : idJagLifetimeSeconds,
                Boolean.TRUE.equals(includeEmail), enabled == null || enabled,
                stepUp == null ? null : stepUp.toModel(), StepUpRepresentation.toModel(scopeStepUp),
                Boolean.TRUE.equals(allowRefreshTokenSubject), Boolean.TRUE.equals(allowOfflineTokenSubject));
    }
}
