package io.xaa.keycloak.keycloak;

import io.xaa.keycloak.policy.ExchangeRequest;
import org.keycloak.TokenVerifier;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.TokenUtil;
import org.keycloak.utils.StringUtil;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
     * signature with a realm key, issuer, {@code typ} ID, expiry, audience, a live user session and every
     * not-before policy (realm, client, user).
     */
    public static VerifiedIdToken verifyIdToken(KeycloakSession session, RealmModel realm, ClientModel client, String jwt)
            throws SubjectTokenException {
        try {
            TokenVerifier<IDToken> verifier = TokenVerifier.create(jwt, IDToken.class);
            JWSHeader header = verifier.getHeader();
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
                    .withChecks(TokenManager.NotBeforeCheck.forModel(client))
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
            return new VerifiedIdToken(token, user, userSession);
        } catch (VerificationException e) {
            throw new SubjectTokenException("subject token is invalid: " + e.getMessage());
        }
    }

    /** {@code aud} must name the client; with several audiences, {@code azp} must name it too. */
    private static void checkAudience(IDToken token, ClientModel client) throws SubjectTokenException {
        String[] audience = token.getAudience();
        if (audience == null || !List.of(audience).contains(client.getClientId())) {
            throw new SubjectTokenException("subject token was not issued to the requesting client");
        }
        if (audience.length > 1 && !client.getClientId().equals(token.getIssuedFor())) {
            throw new SubjectTokenException("subject token has several audiences and azp is not the requesting client");
        }
    }

    /** When the user's session ends (its maximum lifespan); an ID-JAG must not outlive it. */
    public static Instant sessionExpiresAt(RealmModel realm, UserSessionModel userSession) {
        long millis = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(userSession.isOffline(),
                userSession.isRememberMe(), userSession.getStarted() * 1000L, realm);
        return millis == -1L ? Instant.MAX : Instant.ofEpochMilli(millis);
    }

    /** What the decision point must know of the requesting client itself. */
    public static ExchangeRequest.ClientFacts clientFacts(ClientModel client) {
        return new ExchangeRequest.ClientFacts(!client.isPublicClient(), client.getRegistrationToken() != null);
    }

    /** Every group the user is in, with all its ancestors, as full paths ("/eng", "/eng/ai"): subgroups count. */
    public static Set<String> groupPaths(UserModel user) {
        Set<String> paths = new HashSet<>();
        user.getGroupsStream().forEach(group -> {
            for (GroupModel current = group; current != null; current = current.getParent()) {
                paths.add(KeycloakModelUtils.buildGroupPath(current));
            }
        });
        return paths;
    }

    /** The ACR-to-LoA map in force for a client: its own mapping, else the realm's. */
    public static Map<String, Integer> acrLoaMap(ClientModel client) {
        return AcrUtils.getAcrLoaMap(client);
    }

    /** The realm's ACR-to-LoA map ("ACR to LoA Mapping" in the realm's login settings). */
    public static Map<String, Integer> acrLoaMap(RealmModel realm) {
        return AcrUtils.getAcrLoaMap(realm);
    }

    /** Signs claims with the realm's active key for ID tokens, under the given JOSE {@code typ}. */
    public static String sign(KeycloakSession session, String type, JsonWebToken claims) {
        String algorithm = session.tokens().signatureAlgorithm(org.keycloak.TokenCategory.ID);
        SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
        return new JWSBuilder().type(type).jsonContent(claims).sign(provider.signer());
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
                if (!received.get(i).equals(StringUtil.removeControlCharacters(values.get(i)))) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    /** A verified subject token with the user and session it belongs to. */
    public record VerifiedIdToken(IDToken token, UserModel user, UserSessionModel userSession) {
    }

    /** The subject token cannot be used; the message is safe to show the client (it holds no token). */
    public static final class SubjectTokenException extends Exception {
        public SubjectTokenException(String message) {
            super(message);
        }
    }
}
