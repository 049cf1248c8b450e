package io.xaa.keycloak.grant;

import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.keycloak.KeycloakInternals.RefreshTokenSubject;
import io.xaa.keycloak.keycloak.KeycloakInternals.SubjectTokenException;
import io.xaa.keycloak.keycloak.KeycloakInternals.VerifiedSubject;
import io.xaa.keycloak.policy.Decision;
import io.xaa.keycloak.policy.ExchangeRequest;
import io.xaa.keycloak.policy.Policy;
import io.xaa.keycloak.policy.Refusal;
import io.xaa.keycloak.policy.PolicyDecisionPoint;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUpRequirement;
import io.xaa.keycloak.policy.SubjectKind;
import io.xaa.keycloak.store.ConnectionRegistry;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.JsonWebToken;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Exchanges a user's ID token or refresh token for an ID-JAG (checklist §2–§6): validate the request, verify
 * the subject token, ask the decision point, then mint. Every refusal is an event error with a reason, then an OAuth
 * JSON error; no refusal ever yields a token.
 */
final class IdJagTokenExchangeProvider implements TokenExchangeProvider {

    static final String DETAIL_RESOURCE = "resource";
    static final String DETAIL_CONNECTION = "xaa_connection_id";
    static final String DETAIL_RULE = "xaa_rule";
    static final String DETAIL_SCOPE_REQUESTED = "xaa_scope_requested";
    static final String DETAIL_RESOURCE_APP = "xaa_resource_app_id";
    static final String DETAIL_ACR_REQUIRED = "xaa_acr_required";
    static final String DETAIL_ACR_ACTUAL = "xaa_acr_actual";
    static final String DETAIL_MAX_AGE = "xaa_max_age";
    static final String DETAIL_SUBJECT_KIND = "xaa_subject_kind";

    /** Named so the client learns what is missing: an ID-JAG asserts a login, which these do not carry. */
    private static final Set<String> KNOWN_UNSUPPORTED_SUBJECT_TYPES = Set.of(
            "urn:ietf:params:oauth:token-type:saml2", "urn:ietf:params:oauth:token-type:access_token");
    /** A parameter name is quoted back only if it cannot carry anything but a name (names are not sanitised). */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final ErrorDescriptions errorDescriptions;

    IdJagTokenExchangeProvider(ErrorDescriptions errorDescriptions) {
        this.errorDescriptions = errorDescriptions;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        // Only the requested type: a malformed ID-JAG request must still reach exchange() for a precise error.
        return IdJag.TOKEN_TYPE.equals(context.getParams().getRequestedTokenType());
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        ClientModel client = context.getClient();
        EventBuilder event = context.getEvent();
        event.detail(Details.REQUESTED_TOKEN_TYPE, IdJag.TOKEN_TYPE);
        Refuser refuse = new Refuser(context, errorDescriptions);

        ExchangeRequest.ClientFacts clientFacts = KeycloakInternals.clientFacts(client);
        Optional<Refusal> clientRefusal = PolicyDecisionPoint.checkClient(clientFacts);
        if (clientRefusal.isPresent()) {
            throw refuse.with(clientRefusal.get());
        }
        String audience = checkRequest(context, refuse);
        List<String> resources = context.getParams().getResource() == null ? List.of() : context.getParams().getResource();
        event.detail(Details.AUDIENCE, audience);
        if (!resources.isEmpty()) {
            event.detail(DETAIL_RESOURCE, String.join(" ", resources));
        }

        ConnectionRegistry registry = session.getProvider(ConnectionRegistry.class);
        String subjectToken = context.getParams().getSubjectToken();
        VerifiedSubject subject;
        Policy policy;
        try {
            if (IdJag.ID_TOKEN_TYPE.equals(context.getParams().getSubjectTokenType())) {
                event.detail(DETAIL_SUBJECT_KIND, SubjectKind.ID_TOKEN.value());
                subject = KeycloakInternals.verifyIdToken(session, realm, client, subjectToken);
                policy = policy(registry, event, realm, client, subject.user().getId(), audience);
            } else {
                RefreshTokenSubject refreshToken = KeycloakInternals.readRefreshToken(session, realm, client, subjectToken);
                event.detail(DETAIL_SUBJECT_KIND, refreshToken.kind().value()).session(refreshToken.sessionId())
                        .detail(Details.REFRESH_TOKEN_ID, refreshToken.tokenId())
                        .detail(Details.REFRESH_TOKEN_TYPE, refreshToken.type());
                // Its sub is authentic now; whether the app takes this kind at all is settled before the session is
                // looked at, so a refused kind never counts as a use of the token.
                event.user(refreshToken.userId());
                policy = policy(registry, event, realm, client, refreshToken.userId(), audience);
                Optional<Refusal> early = PolicyDecisionPoint.checkBeforeSubjectSession(clientFacts, refreshToken.kind(), policy);
                if (early.isPresent()) {
                    event.detail(DETAIL_RULE, early.get().name());
                    throw refuse.with(early.get());
                }
                subject = KeycloakInternals.verifyRefreshTokenSession(session, realm, client, refreshToken);
            }
        } catch (SubjectTokenException e) {
            throw refuse.with("invalid_grant", e.getMessage());
        }
        UserModel user = subject.user();
        event.user(user).session(subject.userSession()).detail(Details.USERNAME, user.getUsername());

        Optional<ResourceApp> app = policy.resourceApp();
        Set<String> requestedScopes = scopes(context.getParams().getScope());
        if (requestedScopes != null) {
            event.detail(DETAIL_SCOPE_REQUESTED, String.join(" ", requestedScopes));
        }
        Instant now = Instant.ofEpochSecond(Time.currentTime());
        ExchangeRequest request = new ExchangeRequest(client.getClientId(), user.getId(), KeycloakInternals.groupIds(user), audience,
                resources, requestedScopes, KeycloakInternals.sessionExpiresAt(realm, client, subject), subject.kind(),
                subject.acr(), subject.authTime(), KeycloakInternals.acrLoaMap(realm), KeycloakInternals.clientAcrLoaMap(client),
                clientFacts);
        Decision decision = PolicyDecisionPoint.decide(request, policy, now);

        if (decision instanceof Decision.Refuse refusal) {
            if (refusal.connectionId() != null) {
                event.detail(DETAIL_CONNECTION, refusal.connectionId());
            }
            event.detail(DETAIL_RULE, refusal.rule().name());
            throw refuse.with(refusal.rule());
        }
        if (decision instanceof Decision.StepUp stepUp) {
            throw refuse.stepUp(stepUp, subject.acr());
        }
        Decision.Issue issue = (Decision.Issue) decision;
        String jti = UUID.randomUUID().toString();
        String idJag = KeycloakInternals.sign(session, IdJag.JOSE_TYPE,
                claims(session, realm, subject, app.get(), issue, jti, now));

        event.detail(DETAIL_CONNECTION, issue.connectionId())
                .detail(Details.TOKEN_ID, jti)
                .detail(Details.SCOPE, String.join(" ", issue.grantedScopes()))
                .success();
        // The audit listener marks the transaction when it cannot write the record; the ID-JAG must not leave without it.
        if (session.getTransactionManager().getRollbackOnly()) {
            throw refuse.with("server_error", "the audit record of the ID-JAG could not be written; nothing was issued",
                    Response.Status.INTERNAL_SERVER_ERROR);
        }
        registry.recordIssued(issue.connectionId(), now);
        return context.getCors().add(Response.ok(body(idJag, issue), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache"));
    }

    /** The policy of this user and audience; its resource app goes on the event, so every refusal's record names it. */
    private static Policy policy(ConnectionRegistry registry, EventBuilder event, RealmModel realm, ClientModel client,
                                 String userId, String audience) {
        Policy policy = registry.policy(realm, client, userId, audience);
        policy.resourceApp().ifPresent(found -> event.detail(DETAIL_RESOURCE_APP, found.id()));
        return policy;
    }

    /** Checks the parameters (checklist §2) and returns the single audience. */
    private static String checkRequest(TokenExchangeContext context, Refuser refuse) {
        TokenExchangeContext.Params params = context.getParams();
        MultivaluedMap<String, String> form = context.getFormParams();
        Set<String> notSeenWhole = KeycloakInternals.parametersNotSeenWhole(context.getSession(), form);
        if (!notSeenWhole.isEmpty()) {
            // Keycloak dropped them: answering what is left would answer a broader request than the one sent.
            throw refuse.with("invalid_request", describeTooLong(notSeenWhole));
        }
        if (params.getActorToken() != null || params.getActorTokenType() != null) {
            throw refuse.with("invalid_request", "actor_token is not supported for ID-JAG requests");
        }
        if (form.containsKey(OAuth2Constants.AUTHORIZATION_DETAILS)) {
            throw refuse.with("invalid_request", "authorization_details is not supported for ID-JAG requests");
        }
        String subjectTokenType = params.getSubjectTokenType();
        if (subjectTokenType == null) {
            throw refuse.with("invalid_request", "subject_token_type is required");
        }
        if (!IdJag.ID_TOKEN_TYPE.equals(subjectTokenType) && !IdJag.REFRESH_TOKEN_TYPE.equals(subjectTokenType)) {
            String known = KNOWN_UNSUPPORTED_SUBJECT_TYPES.contains(subjectTokenType) ? "" : "unknown ";
            throw refuse.with("invalid_request", known + "subject_token_type " + subjectTokenType
                    + " is not supported; use " + IdJag.ID_TOKEN_TYPE + " or " + IdJag.REFRESH_TOKEN_TYPE);
        }
        if (params.getSubjectToken() == null || params.getSubjectToken().isBlank()) {
            throw refuse.with("invalid_request", "subject_token is required");
        }
        if (params.getSubjectIssuer() != null || form.containsKey(OAuth2Constants.REQUESTED_SUBJECT)) {
            throw refuse.with("invalid_request", "subject_issuer and requested_subject are not supported for ID-JAG requests");
        }
        List<String> audiences = params.getAudience() == null ? List.of() : params.getAudience();
        if (audiences.isEmpty() || audiences.get(0).isBlank()) {
            throw refuse.with("invalid_request", "audience is required: the issuer of the resource app's authorization server");
        }
        if (audiences.size() > 1) {
            throw refuse.with("invalid_request", "exactly one audience is allowed");
        }
        List<String> resources = params.getResource() == null ? List.of() : params.getResource();
        for (String resource : resources) {
            if (!isResourceIndicator(resource)) {
                throw refuse.with("invalid_target", "resource must be an absolute URI without a fragment");
            }
        }
        return audiences.get(0);
    }

    private static String describeTooLong(Set<String> names) {
        List<String> shown = names.stream().map(name -> PLAIN_NAME.matcher(name).matches() ? name : "(unprintable name)").toList();
        return shown.size() == 1 ? "parameter " + shown.get(0) + " exceeds the length this server accepts"
                : "parameters " + String.join(", ", shown) + " exceed the length this server accepts";
    }

    /** RFC 8707 §2: an absolute URI that has no fragment. */
    private static boolean isResourceIndicator(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Null when no scope was asked for (the connection's scopes are then granted). */
    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return null;
        }
        return Arrays.stream(scope.trim().split(" +")).collect(Collectors.toCollection(HashSet::new));
    }

    /** The login claims come from the verified subject: for a refresh token, from its session as a fresh ID token would. */
    private static JsonWebToken claims(KeycloakSession session, RealmModel realm, VerifiedSubject subject,
                                       ResourceApp app, Decision.Issue issue, String jti, Instant now) {
        JsonWebToken claims = new JsonWebToken();
        claims.issuer(KeycloakInternals.issuer(session, realm));
        // The user's public subject, which the resource app's federation link holds (not a pairwise one).
        claims.subject(subject.user().getId());
        claims.audience(app.audience());
        claims.id(jti);
        claims.iat(now.getEpochSecond());
        claims.exp(now.getEpochSecond() + issue.lifetimeSeconds());
        claims.setOtherClaims("client_id", issue.clientIdAtResourceApp());
        if (!issue.grantedResources().isEmpty()) {
            claims.setOtherClaims("resource", resourceClaim(issue.grantedResources()));
        }
        if (!issue.grantedScopes().isEmpty()) {
            claims.setOtherClaims("scope", String.join(" ", issue.grantedScopes()));
        }
        if (subject.authTime() != null) {
            claims.setOtherClaims("auth_time", subject.authTime());
        }
        if (subject.acr() != null) {
            claims.setOtherClaims("acr", subject.acr());
        }
        if (subject.amr() != null) {
            claims.setOtherClaims(OAuth2Constants.AUTHENTICATOR_METHOD_REFERENCE, subject.amr());
        }
        if (releasesEmail(app.includeEmail(), subject.user().getEmail(), subject.user().isEmailVerified())) {
            claims.setOtherClaims("email", subject.user().getEmail());
            claims.setOtherClaims("email_verified", subject.user().isEmailVerified());
        }
        String jkt = KeycloakInternals.dpopThumbprint(session);
        if (jkt != null) {
            claims.setOtherClaims("cnf", Map.of("jkt", jkt));
        }
        return claims;
    }

    /** Only a verified address: the resource app may link accounts by it, and an unverified one is anyone's claim. */
    static boolean releasesEmail(boolean appAsks, String email, boolean emailVerified) {
        return appAsks && email != null && emailVerified;
    }

    /** RFC 8707 allows one URI or several: a single value stays a string. */
    private static Object resourceClaim(List<String> resources) {
        return resources.size() == 1 ? resources.get(0) : resources;
    }

    private static Map<String, Object> body(String idJag, Decision.Issue issue) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", idJag);
        body.put("issued_token_type", IdJag.TOKEN_TYPE);
        body.put("token_type", IdJag.TOKEN_TYPE_NOT_APPLICABLE);
        body.put("expires_in", issue.lifetimeSeconds());
        if (issue.scopeNarrowed() && !issue.grantedScopes().isEmpty()) {
            body.put("scope", String.join(" ", issue.grantedScopes()));
        }
        if (!issue.grantedResources().isEmpty()) {
            body.put("resource", resourceClaim(issue.grantedResources()));
        }
        return body;
    }

    /**
     * Records the refusal on the event (sent at once, in its own transaction), then builds the OAuth error,
     * whose description follows the server's error-descriptions option.
     */
    private record Refuser(TokenExchangeContext context, ErrorDescriptions descriptions) {

        RuntimeException with(String error, String description) {
            return with(error, description, Response.Status.BAD_REQUEST);
        }

        RuntimeException with(Refusal rule) {
            return with(rule.error(), rule.description(), Response.Status.fromStatusCode(rule.httpStatus()));
        }

        RuntimeException with(String error, String description, Response.Status status) {
            context.getEvent().detail(Details.REASON, description).error(error);
            return KeycloakInternals.oauthError(context.getCors(), body(error, descriptions.describe(error, description)), status);
        }

        /**
         * Step-up as RFC 9470 semantics in a token-endpoint body (checklist D-3): {@code acr_values} a
         * space-separated string in order of preference, {@code max_age} a number.
         */
        RuntimeException stepUp(Decision.StepUp stepUp, String actualAcr) {
            StepUpRequirement requirement = stepUp.requirement();
            Map<String, Object> body = body(Decision.StepUp.ERROR, descriptions.describe(Decision.StepUp.ERROR, stepUp.reason()));
            EventBuilder event = context.getEvent().detail(DETAIL_RULE, Decision.StepUp.RULE).detail(DETAIL_CONNECTION, stepUp.connectionId());
            if (!requirement.acrValues().isEmpty()) {
                body.put("acr_values", String.join(" ", requirement.acrValues()));
                event.detail(DETAIL_ACR_REQUIRED, String.join(" ", requirement.acrValues()));
            }
            if (requirement.maxAgeSeconds() != null) {
                body.put("max_age", requirement.maxAgeSeconds());
                event.detail(DETAIL_MAX_AGE, String.valueOf(requirement.maxAgeSeconds()));
            }
            if (actualAcr != null) {
                event.detail(DETAIL_ACR_ACTUAL, actualAcr);
            }
            event.detail(Details.REASON, stepUp.reason()).error(Decision.StepUp.ERROR);
            return KeycloakInternals.oauthError(context.getCors(), body, Response.Status.BAD_REQUEST);
        }

        private static Map<String, Object> body(String error, String description) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("error_description", description);
            return body;
        }
    }

    @Override
    public void close() {
    }
}
