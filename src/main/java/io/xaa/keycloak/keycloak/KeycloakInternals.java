package io.xaa.keycloak.keycloak;

import io.xaa.keycloak.policy.ExchangeRequest;
import io.xaa.keycloak.policy.SubjectKind;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.http.HttpRequest;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.protocol.oidc.JWTAuthorizationGrantValidationContext;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.mappers.AcrProtocolMapper;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.JWTAuthorizationGrantContext;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;
import org.keycloak.utils.StringUtil;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.TreeSet;

/**
 * The only class that calls Keycloak internals (keycloak-services), which may change in any minor release.
 * An upgrade of Keycloak re-checks this class and nothing else. SPI interfaces we implement are listed in
 * ARCHITECTURE.md; they are contracts, not internals.
 */
public final class KeycloakInternals {

    /** JOSE {@code typ} values that mark a token as something other than an ID token. */
    private static final Set<String> FOREIGN_TYPES = Set.of("at+jwt", "application/at+jwt", "oauth-id-jag+jwt",
            "application/oauth-id-jag+jwt", "dpop+jwt", "logout+jwt");

    private KeycloakInternals() {
    }

    /** The issuer identifier of the realm, as it appears in its discovery document and ID tokens. */
    public static String issuer(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }

    /**
     * Verifies an ID token that this realm issued to {@code client}, as Keycloak verifies its own tokens:
     * signature with a realm key, issuer, {@code typ} ID, expiry, audience, a live user session holding a session
     * of this very client (gone after a revoked consent, and a re-created client has a new internal id) and every
     * not-before policy (realm, client, user).
     */
    public static VerifiedSubject verifyIdToken(KeycloakSession session, RealmModel realm, ClientModel client, String jwt)
            throws SubjectTokenException {
        try {
            TokenVerifier<IDToken> verifier = TokenVerifier.create(jwt, IDToken.class);
            JWSHeader header = verifier.getHeader();
            if (verifier.getToken() == null) {
                throw new SubjectTokenException("subject token has no claims");
            }
            if (header.getType() != null && FOREIGN_TYPES.contains(header.getType().toLowerCase())) {
                throw new SubjectTokenException("subject token is a " + header.getType() + ", not an ID token");
            }
            SignatureProvider signatureProvider = header.getAlgorithm() == null ? null
                    : session.getProvider(SignatureProvider.class, header.getAlgorithm().name());
            if (signatureProvider == null) {
                throw new SubjectTokenException("subject token is not signed with an algorithm of this realm");
            }
            SignatureVerifierContext signature = signatureProvider.verifier(header.getKeyId());
            IDToken token = verifier
                    .withDefaultChecks()
                    .realmUrl(issuer(session, realm))
                    .tokenType(List.of(TokenUtil.TOKEN_TYPE_ID))
                    .verifierContext(signature)
                    .withChecks(KeycloakInternals::hasExpiryAndIssueTime, TokenManager.NotBeforeCheck.forModel(client))
                    .verify()
                    .getToken();
            checkAudience(token, client);
            UserSessionModel userSession = token.getSessionId() == null ? null
                    : session.sessions().getUserSession(realm, token.getSessionId());
            if (!AuthenticationManager.isSessionValid(realm, userSession)) {
                throw new SubjectTokenException("user session of the subject token is no longer valid");
            }
            UserModel user = userSession.getUser();
            if (user == null || !user.isEnabled()) {
                throw new SubjectTokenException("user is disabled");
            }
            if (!user.getId().equals(token.getSubject())) {
                throw new SubjectTokenException("subject token does not belong to the session's user");
            }
            TokenVerifier.createWithoutSignature(token)
                    .withChecks(TokenManager.NotBeforeCheck.forModel(session, realm, user))
                    .verify();
            if (token.isIssuedBeforeSessionStart(userSession.getStarted())) {
                throw new SubjectTokenException("subject token was issued before the current user session");
            }
            AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(client.getId());
            if (clientSession == null) {
                throw new SubjectTokenException("the requesting client has no session in the user's session");
            }
            return new VerifiedSubject(SubjectKind.ID_TOKEN, user, userSession, clientSession, token.getAcr(), token.getAuth_time(),
                    token.getOtherClaims().get(OAuth2Constants.AUTHENTICATOR_METHOD_REFERENCE));
        } catch (VerificationException e) {
            throw new SubjectTokenException("subject token is invalid: " + e.getMessage());
        }
    }

    /**
     * Reads a refresh or offline token as Keycloak's refresh grant reads it, without touching any session:
     * signature with a realm key, {@code typ} Refresh or Offline, issuer, expiry, realm and client not-before,
     * issued to {@code client}, and its key binding (mTLS, DPoP) if it has one. Its {@code sub} is then
     * authentic, so the policy can be read before {@link #verifyRefreshTokenSession} looks at the session.
     */
    public static RefreshTokenSubject readRefreshToken(KeycloakSession session, RealmModel realm, ClientModel client, String jwt)
            throws SubjectTokenException {
        try {
            RefreshToken token = new TokenManager().verifyRefreshToken(session, realm, client,
                    session.getContext().getHttpRequest(), jwt, true);
            if (token.getSessionState() == null || token.getSubject() == null) {
                throw new SubjectTokenException("subject token belongs to no user session");
            }
            SubjectKind kind = TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType()) ? SubjectKind.OFFLINE_TOKEN : SubjectKind.REFRESH_TOKEN;
            return new RefreshTokenSubject(token, kind);
        } catch (OAuthErrorException e) {
            throw refused(e);
        }
    }

    /**
     * The rest of the refresh grant's validation, in its order: the online or offline user session alive, the
     * user enabled, the client's session in it alive (gone after a {@code /revoke} of the token, a revoked
     * consent or offline access), the organization, the user's not-before (admin sign-out), the consent, and
     * the realm's reuse rules. It redeems nothing: no use is counted, nothing is rotated, no session timestamp
     * moves, as refresh-token introspection reads a token. A token the refresh grant would refuse as reused
     * ends its client session as the refresh grant does, so the whole token family dies.
     */
    public static VerifiedSubject verifyRefreshTokenSession(KeycloakSession session, RealmModel realm, ClientModel client,
                                                            RefreshTokenSubject subject) throws SubjectTokenException {
        RefreshToken token = subject.token();
        TokenManager tokens = new TokenManager();
        try {
            if (!TokenUtil.hasScope(token.getScope(), OAuth2Constants.SCOPE_OPENID)) {
                throw new SubjectTokenException("subject token was not issued for an OpenID Connect login (no openid scope)");
            }
            TokenManager.TokenValidation validation = tokens.validateToken(session, session.getContext().getUri(),
                    session.getContext().getConnection(), realm, token, session.getContext().getRequestHeaders(), token.getScope());
            UserModel user = validation.user;
            AuthenticatedClientSessionModel clientSession = validation.clientSessionCtx.getClientSession();
            tokens.validateSelectedOrganization(session, token, user);
            TokenVerifier.createWithoutSignature(token)
                    .withChecks(TokenManager.NotBeforeCheck.forModel(session, realm, user))
                    .verify();
            if (!TokenManager.verifyConsentStillAvailable(session, user, client, clientSession, token.getScope())) {
                throw new SubjectTokenException("the user no longer consents to the scopes of the subject token");
            }
            if (!user.getId().equals(token.getSubject())) {
                throw new SubjectTokenException("subject token does not belong to the session's user");
            }
            UserSessionModel userSession = validation.userSession;
            if (realm.isRevokeRefreshToken()) {
                try {
                    tokens.validateTokenReuse(session, realm, token, clientSession, false);
                } catch (OAuthErrorException e) {
                    endClientSessionForReuse(session, userSession, client);
                    throw e;
                }
            }
            return new VerifiedSubject(subject.kind(), user, userSession, clientSession, SessionAcr.of(clientSession),
                    authTime(userSession), null);
        } catch (OAuthErrorException e) {
            throw refused(e);
        } catch (ErrorResponseException e) {
            // Keycloak's organization check answers with a ready response; only its verdict matters here.
            throw new SubjectTokenException("the organization of the subject token is no longer valid for the user");
        } catch (VerificationException e) {
            throw new SubjectTokenException("subject token is invalid: " + e.getMessage());
        }
    }

    /**
     * What Keycloak's refresh grant does to a reused token's client session (it detaches it), in a transaction of its
     * own: the refusal that follows rolls the request's transaction back, while the refresh grant's refusal commits.
     */
    private static void endClientSessionForReuse(KeycloakSession session, UserSessionModel userSession, ClientModel client) {
        String userSessionId = userSession.getId();
        boolean offline = userSession.isOffline();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), session.getContext(), own -> {
            RealmModel realm = own.getContext().getRealm();
            UserSessionModel found = offline ? own.sessions().getOfflineUserSession(realm, userSessionId)
                    : own.sessions().getUserSession(realm, userSessionId);
            AuthenticatedClientSessionModel clientSession = found == null ? null : found.getAuthenticatedClientSessionByClient(client.getId());
            if (clientSession != null) {
                clientSession.detachFromUserSession();
            }
        });
    }

    private static SubjectTokenException refused(OAuthErrorException e) {
        String description = e.getDescription() != null ? e.getDescription() : e.getMessage();
        return new SubjectTokenException("subject token is invalid: " + description);
    }

    /**
     * When the user last authenticated in this session, as Keycloak's {@code auth_time} mapper reads it; null
     * when no login set it (a password grant), so a {@code max_age} step-up then refuses.
     */
    private static Long authTime(UserSessionModel userSession) {
        String note = userSession.getNote(AuthenticationManager.AUTH_TIME);
        try {
            return note == null ? null : Long.valueOf(note);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The {@code acr} a fresh token of this client session would carry: Keycloak's own mapper logic, from the level
     * this client's login reached, so a refresh token never claims a level its session did not reach.
     */
    private static final class SessionAcr extends AcrProtocolMapper {
        private static final SessionAcr INSTANCE = new SessionAcr();

        static String of(AuthenticatedClientSessionModel clientSession) {
            return INSTANCE.getAcr(clientSession);
        }
    }

    /**
     * An ID token must carry {@code exp} and {@code iat} (OpenID Connect Core §2); Keycloak's own checks let a
     * token without {@code exp} (or with 0) live forever and fail with a NullPointerException without {@code iat}.
     */
    private static boolean hasExpiryAndIssueTime(JsonWebToken token) throws VerificationException {
        if (token.getExp() == null || token.getExp() <= 0) {
            throw new VerificationException("exp is missing");
        }
        if (token.getIat() == null) {
            throw new VerificationException("iat is missing");
        }
        return true;
    }

    /**
     * {@code aud} must name the client; with several audiences, {@code azp} must name it too; and an {@code azp}
     * that names another client is refused even with a single audience (OpenID Connect Core §3.1.3.7).
     */
    private static void checkAudience(IDToken token, ClientModel client) throws SubjectTokenException {
        String[] audience = token.getAudience();
        // Arrays.asList, not List.of: a non-string aud reads as a null element, which List.of rejects with an NPE.
        if (audience == null || !Arrays.asList(audience).contains(client.getClientId())) {
            throw new SubjectTokenException("subject token was not issued to the requesting client");
        }
        if (audience.length > 1 && !client.getClientId().equals(token.getIssuedFor())) {
            throw new SubjectTokenException("subject token has several audiences and azp is not the requesting client");
        }
        if (token.getIssuedFor() != null && !client.getClientId().equals(token.getIssuedFor())) {
            throw new SubjectTokenException("subject token's azp is not the requesting client");
        }
    }

    /**
     * When the first of the sessions behind the subject token ends: the user session (maximum and idle, with
     * their remember-me variants) or the requesting client's session in it (the realm's Client Session Max/Idle
     * or the client's own overrides). An ID-JAG must not outlive any of them.
     */
    public static Instant sessionExpiresAt(RealmModel realm, ClientModel client, VerifiedSubject subject) {
        UserSessionModel userSession = subject.userSession();
        AuthenticatedClientSessionModel clientSession = subject.clientSession();
        boolean offline = userSession.isOffline();
        boolean rememberMe = userSession.isRememberMe();
        long userSessionStarted = userSession.getStarted() * 1000L;
        return earliest(
                SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(offline, rememberMe, userSessionStarted, realm),
                SessionExpirationUtils.calculateUserSessionIdleTimestamp(offline, rememberMe,
                        userSession.getLastSessionRefresh() * 1000L, realm),
                SessionExpirationUtils.calculateClientSessionMaxLifespanTimestamp(offline, rememberMe,
                        clientSession.getStarted() * 1000L, userSessionStarted, realm, client),
                SessionExpirationUtils.calculateClientSessionIdleTimestamp(offline, rememberMe,
                        clientSession.getTimestamp() * 1000L, realm, client));
    }

    /** The earliest of epoch-millisecond timestamps, where -1 (as SessionExpirationUtils answers) means never. */
    static Instant earliest(long... epochMillis) {
        OptionalLong earliest = LongStream.of(epochMillis).filter(millis -> millis != -1L).min();
        return earliest.isPresent() ? Instant.ofEpochMilli(earliest.getAsLong()) : Instant.MAX;
    }

    /** What the decision point must know of the requesting client itself. */
    public static ExchangeRequest.ClientFacts clientFacts(ClientModel client) {
        return new ExchangeRequest.ClientFacts(!client.isPublicClient(), client.getRegistrationToken() != null);
    }

    /** The id of every group the user is in, with all its ancestors: subgroups count. */
    public static Set<String> groupIds(UserModel user) {
        Set<String> ids = new HashSet<>();
        user.getGroupsStream().forEach(group -> {
            for (GroupModel current = group; current != null; current = current.getParent()) {
                ids.add(current.getId());
            }
        });
        return ids;
    }

    /**
     * The map Keycloak names the {@code acr} of this client's tokens with (its own mapping, else the realm's).
     * Only for reading a token's {@code acr}: what a step-up requires comes from {@link #acrLoaMap(RealmModel)}.
     */
    public static Map<String, Integer> clientAcrLoaMap(ClientModel client) {
        return AcrUtils.getAcrLoaMap(client);
    }

    /**
     * The realm's ACR-to-LoA map ("ACR to LoA Mapping" in the realm's login settings): the one authority for
     * what a step-up requires, in the exchange, the step-up authenticator and the simulator alike.
     */
    public static Map<String, Integer> acrLoaMap(RealmModel realm) {
        return AcrUtils.getAcrLoaMap(realm);
    }

    /**
     * Signs claims under the given JOSE {@code typ} with the realm's active key for its default algorithm when that
     * is asymmetric, else RS256: never the requesting client's ID-token algorithm, which may be an HMAC that the
     * resource app, verifying with the realm's JWKS, cannot check.
     */
    public static String sign(KeycloakSession session, String type, JsonWebToken claims) {
        String realmDefault = session.getContext().getRealm().getDefaultSignatureAlgorithm();
        SignatureProvider provider = realmDefault == null ? null : session.getProvider(SignatureProvider.class, realmDefault);
        if (provider == null || !provider.isAsymmetricAlgorithm()) {
            provider = session.getProvider(SignatureProvider.class, Algorithm.RS256);
        }
        return new JWSBuilder().type(type).jsonContent(claims).sign(provider.signer());
    }

    /** The assertion of a {@code JWT_AUTHORIZATION_GRANT} client-policy event (its context class is Keycloak's own). */
    public static JWTAuthorizationGrantValidationContext authorizationGrant(ClientPolicyContext context) {
        return ((JWTAuthorizationGrantContext) context).getAuthorizationGrantContext();
    }

    /** The JWK thumbprint of the DPoP proof Keycloak validated for this request, if one was sent. */
    public static String dpopThumbprint(KeycloakSession session) {
        DPoP dpop = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class);
        return dpop == null ? null : dpop.getThumbprint();
    }

    /**
     * An OAuth error response (RFC 6749 §5.2) with CORS headers and {@code no-store}, thrown to end the
     * request. The body may carry extra members (such as {@code acr_values}, {@code max_age}).
     */
    public static RuntimeException oauthError(Cors cors, Map<String, Object> body, Response.Status status) {
        return new ErrorResponseException(cors.add(Response.status(status).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").header("Pragma", "no-cache")));
    }

    /**
     * The names of the form parameters the grant was not handed whole. Keycloak's token endpoint silently
     * removes a parameter longer than its limit (4,000 characters by default) from the copy of the form it
     * gives the grant, while the request keeps the form it parsed; the control characters it strips from
     * every value are not a difference.
     */
    public static Set<String> parametersNotSeenWhole(KeycloakSession session, MultivaluedMap<String, String> seen) {
        MultivaluedMap<String, String> sent = session.getContext().getHttpRequest().getDecodedFormParameters();
        Set<String> names = new TreeSet<>();
        sent.forEach((name, values) -> {
            List<String> received = seen.get(name);
            if (received == null || received.size() != values.size()) {
                names.add(name);
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                // Equal as sent is the common case; stripping control characters (a regular expression) only when not.
                String value = values.get(i);
                if (!received.get(i).equals(value) && !received.get(i).equals(StringUtil.removeControlCharacters(value))) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    /**
     * One parameter of the current request's form as the client sent it; null when absent, when the request
     * is not a form post, or outside an HTTP request (the session of a background task has none).
     */
    public static String formParameter(KeycloakSession session, String name) {
        try {
            HttpRequest request = session.getContext().getHttpRequest();
            MultivaluedMap<String, String> form = request == null ? null : request.getDecodedFormParameters();
            return form == null ? null : form.getFirst(name);
        } catch (RuntimeException e) {
            // Quarkus has no request context to hand out here: there is no form, so no parameter.
            return null;
        }
    }

    /**
     * A verified subject token with the user, the user session and the requesting client's session in it, and the
     * login that session rests on: {@code acr}, {@code auth_time} and {@code amr} (null where unknown).
     */
    public record VerifiedSubject(SubjectKind kind, UserModel user, UserSessionModel userSession,
                                  AuthenticatedClientSessionModel clientSession, String acr, Long authTime, Object amr) {
    }

    /** A refresh or offline token whose signature, issuer, expiry and client were checked; its session was not. */
    public record RefreshTokenSubject(RefreshToken token, SubjectKind kind) {

        public String userId() {
            return token.getSubject();
        }

        public String sessionId() {
            return token.getSessionState();
        }

        public String tokenId() {
            return token.getId();
        }

        public String type() {
            return token.getType();
        }
    }

    /** The subject token cannot be used; the message is safe to show the client (it holds no token). */
    public static final class SubjectTokenException extends Exception {
        public SubjectTokenException(String message) {
            super(message);
        }
    }
}
