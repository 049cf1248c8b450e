package io.xaa.keycloak.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The JSON of {@code POST /evaluate}: a request to simulate, and the answer the exchange would give.
 * {@code scopes} absent means the request names no scope; {@code authAgeSeconds} is how long ago the user
 * authenticated (absent: unknown, as for a password-grant ID token). {@code subjectKind} is what the client would
 * present: {@code id_token} (the default), {@code refresh_token} or {@code offline_token}; for a refresh token,
 * {@code acr} and {@code authAgeSeconds} describe the login of the session it belongs to.
 */
public final class EvaluationRepresentation {

    public String clientId;
    public String username;
    public String userId;
    public String audience;
    public List<String> resources;
    public List<String> scopes;
    public String acr;
    public Long authAgeSeconds;
    public String subjectKind;

    /**
     * ISSUE, REFUSE or STEP_UP, with what would be issued or why not. Names ride along with ids (the client's
     * clientId, the app's name), so the answer reads without a second lookup.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static final class Result {
        public String decision;
        public String error;
        public String rule;
        public String reason;
        public String clientId;
        public String resourceAppId;
        public String resourceAppName;
        public String connectionId;
        public String clientIdAtResourceApp;
        public List<String> grantedScopes;
        public List<String> grantedResources;
        public Integer lifetimeSeconds;
        public String acrValues;
        public Integer maxAge;
        public List<DroppedScope> droppedScopes;
    }

    /** A scope the request would not get: {@code reason} names the rule, {@code description} says it in words. */
    public record DroppedScope(String scope, String reason, String description) {
    }
}
