package io.xaa.keycloak.policy;

/**
 * Every rule that can refuse an ID-JAG, with the OAuth error it answers (checklist D-1: a target the IdP
 * will not serve is {@code invalid_target}, an entitlement the client or user lacks is {@code access_denied}).
 */
public enum Refusal {
    PUBLIC_CLIENT("invalid_client", "public clients may not request ID-JAGs"),
    DYNAMIC_CLIENT("unauthorized_client", "dynamically registered clients may not request ID-JAGs"),
    ISSUANCE_STOPPED("access_denied", "ID-JAG issuance is stopped in this realm"),
    USER_BLOCKED("access_denied", "ID-JAG issuance is blocked for this user"),
    CLIENT_NOT_ENABLED("unauthorized_client", "client is not enabled for Cross App Access"),
    UNKNOWN_AUDIENCE("invalid_target", "audience is not a known resource app"),
    RESOURCE_APP_DISABLED("invalid_target", "resource app is disabled"),
    // invalid_request (checklist N18): the request used a subject_token_type this audience does not take.
    REFRESH_TOKEN_SUBJECT_NOT_ALLOWED("invalid_request", "the resource app does not accept refresh tokens as the subject token"),
    OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED("invalid_request", "the resource app does not accept offline tokens as the subject token"),
    RESOURCE_NOT_GOVERNED("invalid_target", "resource is not governed by the audience"),
    NO_CONNECTION("access_denied", "client has no connection to the resource app"),
    CONNECTION_DISABLED("access_denied", "connection is disabled"),
    CONNECTION_EXPIRED("access_denied", "connection has expired"),
    RESOURCE_NOT_ALLOWED("invalid_target", "resource is not allowed by the connection"),
    GROUP_REQUIRED("access_denied", "user is not in a group the connection requires"),
    NO_SCOPE_ALLOWED("invalid_scope", "none of the requested scopes is allowed"),
    // access_denied, not insufficient_user_authentication: no login can reach a level the realm no longer defines.
    STEP_UP_UNRESOLVABLE("access_denied", "the step-up this request needs names no ACR of the realm's ACR to LoA mapping"),
    SESSION_ENDING("invalid_grant", "user session ends too soon for an ID-JAG");

    private final String error;
    private final String description;

    Refusal(String error, String description) {
        this.error = error;
        this.description = description;
    }

    public String error() {
        return error;
    }

    public String description() {
        return description;
    }

    /** RFC 6749 §5.2: a client that failed authentication is answered 401, every other refusal 400. */
    public int httpStatus() {
        return error.equals("invalid_client") ? 401 : 400;
    }
}
