package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xaa.keycloak.policy.SubjectKind;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every way an administrator, a user or time can take back what lets an agent exchange an ID token (or a refresh
 * token of an online or offline session) for an ID-JAG, each with a fresh fixture (agent, user, resource app, connection) so that no path can pass on the strength of
 * another's revocation, and the check that the very next exchange is refused and the audit says why. The
 * administrator works on one Keycloak and the agent on another (or the same: {@code RevocationPathsIT}), so the
 * cluster suite runs the same paths across two nodes.
 */
public final class RevocationPaths {

    /** A timed revocation must bite within this long after its deadline (the poll interval plus a request). */
    static final Duration TIMED_SLACK = Duration.ofMillis(1_500);
    static final Duration POLL = Duration.ofMillis(200);
    /** The realm timeouts of the SSO paths, in seconds: long enough for a login and a control exchange. */
    static final int SHORT_TIMEOUT = 4;
    private static final String SESSION_GONE = "user session of the subject token is no longer valid";

    private final String realm;
    private final String xaa;
    private final Kc admin;
    private final Kc agent;
    private final String clearedGroupId;
    private final SubjectKind subject;

    /**
     * @param realm          a realm with a group {@code /cleared} of id {@code clearedGroupId}
     * @param admin          where the administrator's changes go
     * @param agent          where the agent logs in and exchanges
     */
    public RevocationPaths(String realm, String clearedGroupId, Kc admin, Kc agent) {
        this(realm, clearedGroupId, admin, agent, SubjectKind.ID_TOKEN);
    }

    /** @param subject what the agent exchanges: the login's ID token, its refresh token or an offline token */
    public RevocationPaths(String realm, String clearedGroupId, Kc admin, Kc agent, SubjectKind subject) {
        this.realm = realm;
        this.xaa = "/" + realm + "/cross-app-access";
        this.admin = admin;
        this.agent = agent;
        this.clearedGroupId = clearedGroupId;
        this.subject = subject;
    }

    /**
     * A refusal of the subject token. Keycloak's own validation of a refresh token words the reason itself (for
     * example "Session not active"); the grant prefixes every such reason with this.
     */
    private Refused invalidGrant(String idTokenReason) {
        return subject == SubjectKind.ID_TOKEN ? Refused.invalidGrant(idTokenReason) : Refused.invalidGrant("subject token is invalid");
    }

    /**
     * What the refusal must look like: HTTP status, OAuth error, audit type, the rule or reason it names, and the
     * error the record keeps (the OAuth error, or Keycloak's own when Keycloak refused before the grant ran).
     */
    public record Refused(int status, String error, String auditType, String rule, String reason, String auditError) {

        static Refused invalidGrant(String reason) {
            return new Refused(400, "invalid_grant", "EXCHANGE_REFUSED", null, reason, "invalid_grant");
        }

        static Refused policy(String error, String auditType, String rule) {
            return new Refused(400, error, auditType, rule, null, error);
        }
    }

    /** One revocation path: how to apply it to a fresh fixture, and the refusal it must cause. */
    public record RevocationPath(String name, boolean timed, Refused refused, Revocation revocation) {
    }

    @FunctionalInterface
    public interface Revocation {
        /** Applies the revocation; returns the instant from which the next exchange must be refused. */
        Instant apply(Fixture fixture) throws Exception;
    }

    /** How a path ended: the refusal, how soon it took effect and what the audit said. */
    public record Outcome(int status, String error, String effect, String audit) {
    }

    // The paths of the cluster suite: changes an administrator makes on one node that another node must enforce.
    /**
     * Sign-out ends the user's sessions and sets the user's not-before; an offline session outlives it, and only the
     * not-before, in whole seconds, stops its token: the token's second must be over first, as at Keycloak's refresh grant.
     */
    public RevocationPath adminSignOut() {
        return new RevocationPath("admin sign-out of the user (POST users/{id}/logout)", false, invalidGrant(SESSION_GONE), f -> {
            if (subject == SubjectKind.OFFLINE_TOKEN) {
                awaitSecondAfter(Kc.claims(f.refreshToken).get("iat").asLong());
            }
            return now(assertStatus(204, admin.admin("POST", "/" + realm + "/users/" + f.userId + "/logout", null)));
        });
    }

    public RevocationPath userDisabled() {
        return new RevocationPath("user disabled", false, invalidGrant("user is disabled"),
                f -> now(assertStatus(204, admin.admin("PUT", "/" + realm + "/users/" + f.userId, Map.of("enabled", false)))));
    }

    /**
     * Keycloak refuses the disabled client's authentication before any grant runs; the audit listener records it
     * from Keycloak's error event and the request's requested_token_type.
     */
    public RevocationPath clientDisabled() {
        return new RevocationPath("client disabled", false, new Refused(401, "invalid_client", "EXCHANGE_REFUSED", null,
                "client is disabled", "client_disabled"),
                f -> now(updateClient(f.clientUuid, "enabled", false)));
    }

    public RevocationPath removedFromRequiredGroup() {
        return new RevocationPath("user removed from the required group", false,
                Refused.policy("access_denied", "EXCHANGE_REFUSED", "GROUP_REQUIRED"),
                f -> now(assertStatus(204, admin.admin("DELETE", "/" + realm + "/users/" + f.userId + "/groups/" + clearedGroupId, null))));
    }

    /** Only for refresh and offline tokens: RFC 7009 ends the token's client session (online: the whole session). */
    public RevocationPath tokenRevoked() {
        return new RevocationPath("token revoked at the revocation endpoint (RFC 7009)", false, invalidGrant(null), this::revokeToken);
    }

    public RevocationPath connectionDisabled() {
        return new RevocationPath("connection disabled", false, Refused.policy("access_denied", "REVOCATION", "CONNECTION_DISABLED"),
                f -> now(f.updateConnection("enabled", false)));
    }

    public RevocationPath connectionDeleted() {
        return new RevocationPath("connection deleted", false, Refused.policy("unauthorized_client", "EXCHANGE_REFUSED", "CLIENT_NOT_ENABLED"),
                f -> now(assertStatus(204, admin.admin("DELETE", xaa + "/connections/" + f.connectionId, null))));
    }

    public RevocationPath connectionExpired() {
        return new RevocationPath("connection expired", true, Refused.policy("access_denied", "REVOCATION", "CONNECTION_EXPIRED"),
                this::expireConnection);
    }

    public RevocationPath appDisabled() {
        return new RevocationPath("resource app disabled", false, Refused.policy("invalid_target", "EXCHANGE_REFUSED", "RESOURCE_APP_DISABLED"),
                f -> now(f.updateApp("enabled", false)));
    }

    /**
     * Every path, in the order the one-node suite runs them. An offline token outlives an OIDC logout, as in
     * Keycloak's refresh grant, so that path is not one for it; a refresh token can also be revoked on its own.
     */
    public List<RevocationPath> all(String consentClientUuid, String consentUserId) {
        List<RevocationPath> paths = new ArrayList<>();
        if (subject != SubjectKind.OFFLINE_TOKEN) {
            paths.add(new RevocationPath("OIDC logout (end-session endpoint with id_token_hint)", false, invalidGrant(SESSION_GONE),
                    this::endSession));
        }
        if (subject != SubjectKind.ID_TOKEN) {
            paths.add(tokenRevoked());
        }
        paths.addAll(List.of(
                adminSignOut(),
                new RevocationPath("one session revoked (DELETE sessions/{id})", false, invalidGrant(SESSION_GONE),
                        f -> now(assertStatus(204, admin.admin("DELETE", "/" + realm + "/sessions/"
                                + Kc.claims(f.idToken).get("sid").asText() + (subject == SubjectKind.OFFLINE_TOKEN ? "?isOffline=true" : ""),
                                null)))),
                userDisabled(),
                new RevocationPath("user deleted", false, invalidGrant(SESSION_GONE),
                        f -> now(assertStatus(204, admin.admin("DELETE", "/" + realm + "/users/" + f.userId, null)))),
                clientDisabled(),
                new RevocationPath("client deleted and re-created with the same clientId", false,
                        invalidGrant("the requesting client has no session in the user's session"), this::recreateClient),
                new RevocationPath("consent revoked (Account REST API, consentRequired client)", false,
                        invalidGrant("the requesting client has no session in the user's session"),
                        f -> revokeConsent(f, consentClientUuid, consentUserId)),
                removedFromRequiredGroup(),
                connectionDisabled(),
                connectionDeleted(),
                connectionExpired(),
                appDisabled(),
                // Its connections go with it (CascadeRevocationIT records them); the agent is left with none.
                new RevocationPath("resource app deleted", false,
                        Refused.policy("unauthorized_client", "EXCHANGE_REFUSED", "CLIENT_NOT_ENABLED"),
                        f -> now(assertStatus(204, admin.admin("DELETE", xaa + "/resource-apps/" + f.appId, null)))),
                new RevocationPath("realm not-before (Sessions > Revocation: set to now, push)", false, Refused.invalidGrant("subject token is invalid"),
                        this::pushRevocation)));
        String session = subject == SubjectKind.OFFLINE_TOKEN ? "offline session" : "SSO session";
        paths.add(new RevocationPath(session + " idle timeout", true, Refused.invalidGrant(null), f -> f.realmTimeout));
        paths.add(new RevocationPath(session + " max lifespan", true, Refused.invalidGrant(null), f -> f.realmTimeout));
        return paths;
    }

    /**
     * A fresh fixture; an ID-JAG before the revocation; the revocation; the very next exchange refused as the path
     * says (timed paths: polled until their deadline), with no token, and the audit naming the cause.
     */
    public Outcome revokeAndExchange(RevocationPath path) throws Exception {
        Fixture fixture = fixture(path.name());
        try {
            fixture.login();
            assertEquals(200, fixture.exchange().status(), "control: before the revocation the ID token yields an ID-JAG");

            Instant effectiveFrom = path.revocation().apply(fixture);
            Kc.Response refused = fixture.exchange();
            long tries = 1;
            // Timed paths: poll until the deadline, then allow one poll interval and a request.
            while (refused.status() == 200 && Instant.now().isBefore(effectiveFrom.plus(TIMED_SLACK))) {
                Thread.sleep(POLL.toMillis());
                refused = fixture.exchange();
                tries++;
            }
            Instant refusedAt = Instant.now();
            Refused expected = path.refused();
            assertEquals(expected.status(), refused.status(), path.name() + ": " + shown(refused));
            assertEquals(expected.error(), refused.error(), path.name() + ": " + shown(refused));
            assertFalse(refused.body().contains("access_token"), "a refusal carries no token");
            String why = assertAudit(fixture, expected);

            long lateMillis = Duration.between(effectiveFrom, refusedAt).toMillis();
            String effect;
            if (path.timed()) {
                // The decision point refuses in the last second of a session (SESSION_ENDING): up to 1 s early.
                assertTrue(lateMillis > -1_000 - POLL.toMillis(), "refused " + -lateMillis + " ms before the deadline");
                effect = "at expiry (refused " + lateMillis + " ms after the deadline, after " + tries + " exchanges)";
            } else {
                assertEquals(1, tries, "an immediate revocation must refuse the very next exchange");
                effect = "next request (" + lateMillis + " ms after the revocation returned)";
            }
            return new Outcome(refused.status(), refused.error(), effect, why);
        } finally {
            fixture.restoreRealm();
        }
    }

    /** The newest refusal recorded for the fixture's agent names the cause. */
    private String assertAudit(Fixture fixture, Refused expected) {
        JsonNode records = refusalsOf(fixture.clientId, expected.auditType());
        assertFalse(records.isEmpty(), "an audit record of the refusal");
        JsonNode refusal = records.get(0);
        assertEquals(expected.auditError(), refusal.path("error").asText(), refusal.toString());
        if (expected.rule() != null) {
            assertEquals(expected.rule(), refusal.path("rule").asText(), refusal.toString());
        }
        if (expected.reason() != null) {
            assertTrue(refusal.path("reason").asText().contains(expected.reason()), refusal.toString());
        } else {
            assertFalse(refusal.path("reason").asText().isBlank(), refusal.toString());
        }
        return refusal.path("type").asText() + " rule=" + refusal.path("rule").asText("-") + " reason=\""
                + refusal.path("reason").asText() + "\"";
    }

    /** The agent's refusals of one type, newest first. */
    private JsonNode refusalsOf(String clientId, String type) {
        Kc.Response response = admin.admin("GET", xaa + "/audit?outcome=FAILURE&clientId=" + clientId + "&type=" + type, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    // ---- revocations that need more than one call

    /** RFC 7009 at Keycloak's revocation endpoint, authenticated as the agent: ends the token's client session. */
    private Instant revokeToken(Fixture f) {
        return now(assertStatus(200, agent.revoke(realm, f.clientId, f.clientId + "-secret", f.refreshToken)));
    }

    private Instant endSession(Fixture f) throws Exception {
        String url = agent.issuer(realm) + "/protocol/openid-connect/logout?id_token_hint="
                + URLEncoder.encode(f.idToken, StandardCharsets.UTF_8);
        HttpResponse<String> logout = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, logout.statusCode(), logout.body());
        assertEquals(0, admin.admin("GET", "/" + realm + "/users/" + f.userId + "/sessions", null).json().size(),
                "the end-session endpoint logged the user out, without asking for confirmation");
        return Instant.now();
    }

    private Instant recreateClient(Fixture f) {
        assertStatus(204, admin.admin("DELETE", "/" + realm + "/clients/" + f.clientUuid, null));
        String oldUuid = f.clientUuid;
        f.createClient();
        assertNotEquals(oldUuid, f.clientUuid);
        f.createConnection();
        return Instant.now();
    }

    /**
     * A password grant is refused for a client that requires consent, so the user logs in while the client does
     * not require it (consent granted in the realm file), then the client is switched to require consent, and the
     * user revokes it as the Account Console's "Remove access" does.
     */
    private Instant revokeConsent(Fixture f, String consentClientUuid, String consentUserId) {
        f.clientUuid = consentClientUuid;
        f.userId = consentUserId;
        String userToken = agent.userToken(realm, f.clientId, f.clientId + "-secret", f.username, f.username);
        updateClient(f.clientUuid, "consentRequired", true);
        assertEquals(200, f.exchange().status(), "control: still an ID-JAG while the consent stands");
        HttpRequest request = HttpRequest.newBuilder(URI.create(agent.baseUrl() + "/realms/" + realm + "/account/applications/"
                        + f.clientId + "/consent"))
                // Without it the Account Console's page, not the REST API, answers (405).
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + userToken).DELETE().build();
        try {
            HttpResponse<String> revoked = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(204, revoked.statusCode(), revoked.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Instant.now();
    }

    private Instant expireConnection(Fixture f) {
        Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        f.updateConnection("expiresAt", expiresAt.toString());
        return expiresAt;
    }

    /**
     * What the admin console's "Set to now" and "Push" do: PUT the realm's notBefore, then push-revocation (which
     * only sends the existing not-before to clients with an admin URL; on its own it revokes nothing). Not-before
     * has whole-second precision and refuses tokens issued before it: the token's second must be over.
     */
    private Instant pushRevocation(Fixture f) throws InterruptedException {
        awaitSecondAfter(Kc.claims(f.idToken).get("iat").asLong());
        f.realmBefore = realm();
        ObjectNode revoked = realm();
        revoked.put("notBefore", System.currentTimeMillis() / 1000);
        assertStatus(204, admin.admin("PUT", "/" + realm, revoked.toString()));
        assertStatus(200, admin.admin("POST", "/" + realm + "/push-revocation", null));
        return Instant.now();
    }

    /** Not-before has whole-second precision and refuses tokens issued before it: waits until the token's second is over. */
    static void awaitSecondAfter(long issuedAt) throws InterruptedException {
        while (System.currentTimeMillis() / 1000 <= issuedAt) {
            Thread.sleep(50);
        }
    }

    private Kc.Response updateClient(String uuid, String field, Object value) {
        ObjectNode client = (ObjectNode) admin.admin("GET", "/" + realm + "/clients/" + uuid, null).json();
        client.set(field, Kc.JSON.valueToTree(value));
        return assertStatus(204, admin.admin("PUT", "/" + realm + "/clients/" + uuid, client.toString()));
    }

    private ObjectNode realm() {
        return (ObjectNode) admin.admin("GET", "/" + realm, null).json();
    }

    private static Kc.Response assertStatus(int status, Kc.Response response) {
        assertEquals(status, response.status(), response.toString());
        return response;
    }

    /** A response for a failure message, never with the token it may carry. */
    private static String shown(Kc.Response response) {
        return response.status() == 200 ? "200 (an ID-JAG was issued)" : response.toString();
    }

    private static Instant now(Kc.Response ignored) {
        return Instant.now();
    }

    // ---- fixtures

    private Fixture fixture(String pathName) {
        String slug = pathName.toLowerCase().replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "");
        slug = slug.length() > 30 ? slug.substring(0, 30).replaceAll("-$", "") : slug;
        // One realm may run the paths for several kinds (the cluster suite): each kind's clients and users are its own.
        slug = switch (subject) {
            case ID_TOKEN -> slug;
            case REFRESH_TOKEN -> "rt-" + slug;
            case OFFLINE_TOKEN -> "off-" + slug;
        };
        Fixture f = new Fixture(slug);
        if (pathName.startsWith("consent")) {
            // The realm file's client and user, whose consent it grants; their ids are set by the path.
            f.clientId = "agent-consent";
            f.username = "u-consent";
        } else {
            f.createClient();
            f.createUser(pathName.startsWith("user removed"));
        }
        f.createApp();
        if (pathName.startsWith("user removed")) {
            f.connection.put("requiredGroups", List.of("/cleared"));
        }
        f.createConnection();
        if (pathName.startsWith("SSO session idle")) {
            f.shortenRealm(Map.of("ssoSessionIdleTimeout", SHORT_TIMEOUT));
        } else if (pathName.startsWith("SSO session max")) {
            f.shortenRealm(Map.of("ssoSessionMaxLifespan", SHORT_TIMEOUT));
        } else if (pathName.startsWith("offline session idle")) {
            f.shortenRealm(Map.of("offlineSessionIdleTimeout", SHORT_TIMEOUT));
        } else if (pathName.startsWith("offline session max")) {
            f.shortenRealm(Map.of("offlineSessionMaxLifespanEnabled", true, "offlineSessionMaxLifespan", SHORT_TIMEOUT));
        }
        return f;
    }

    /** One path's agent, user, resource app and connection. */
    public final class Fixture {
        final String slug;
        final String audience;
        final Map<String, Object> app = new LinkedHashMap<>();
        final Map<String, Object> connection = new LinkedHashMap<>();
        String clientId;
        String clientUuid;
        String username;
        String userId;
        String appId;
        String connectionId;
        String idToken;
        String refreshToken;
        /** The deadline of a shortened SSO timeout, counted from the login. */
        Instant realmTimeout;
        boolean shortened;
        ObjectNode realmBefore;

        Fixture(String slug) {
            this.slug = slug;
            this.audience = "https://as-" + slug + "." + realm + ".example.com";
            clientId = "agent-" + slug;
            username = "u-" + slug;
        }

        void createClient() {
            Kc.Response created = admin.admin("POST", "/" + realm + "/clients", Map.of("clientId", clientId, "secret", clientId + "-secret",
                    "publicClient", false, "directAccessGrantsEnabled", true, "standardFlowEnabled", true,
                    "redirectUris", List.of("http://localhost:*")));
            assertStatus(201, created);
            clientUuid = created.createdId();
        }

        void createUser(boolean cleared) {
            Map<String, Object> user = new LinkedHashMap<>(Map.of("username", username, "enabled", true, "email",
                    username + "@" + realm + ".example", "emailVerified", true, "firstName", "Revoke", "lastName", "It",
                    "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))));
            Kc.Response created = admin.admin("POST", "/" + realm + "/users", user);
            assertStatus(201, created);
            userId = created.createdId();
            if (cleared) {
                assertStatus(204, admin.admin("PUT", "/" + realm + "/users/" + userId + "/groups/" + clearedGroupId, null));
            }
        }

        void createApp() {
            app.putAll(Map.of("name", "App " + slug, "audience", audience, "scopes", List.of("read"),
                    "allowRefreshTokenSubject", subject == SubjectKind.REFRESH_TOKEN,
                    "allowOfflineTokenSubject", subject == SubjectKind.OFFLINE_TOKEN));
            appId = admin.createResourceApp(realm, app);
        }

        void createConnection() {
            connection.putAll(Map.of("clientId", clientId, "resourceAppId", appId, "clientIdAtResourceApp", clientId + "-at-as",
                    "scopes", List.of("read")));
            connectionId = admin.createConnection(realm, connection);
        }

        Kc.Response updateConnection(String field, Object value) {
            connection.put(field, value);
            return assertStatus(200, admin.admin("PUT", xaa + "/connections/" + connectionId, connection));
        }

        Kc.Response updateApp(String field, Object value) {
            app.put(field, value);
            return assertStatus(200, admin.admin("PUT", xaa + "/resource-apps/" + appId, app));
        }

        void shortenRealm(Map<String, Object> settings) {
            realmBefore = realm();
            shortened = true;
            ObjectNode changed = realm();
            settings.forEach((field, value) -> changed.set(field, Kc.JSON.valueToTree(value)));
            assertStatus(204, admin.admin("PUT", "/" + realm, changed.toString()));
        }

        void login() {
            String scope = subject == SubjectKind.OFFLINE_TOKEN ? "openid offline_access" : "openid";
            Kc.Response login = agent.password(realm, clientId, clientId + "-secret", username, username, scope);
            assertEquals(200, login.status(), login.toString());
            idToken = login.json().get("id_token").asText();
            refreshToken = login.json().get("refresh_token").asText();
            if (subject != SubjectKind.ID_TOKEN) {
                assertEquals(subject == SubjectKind.OFFLINE_TOKEN ? "Offline" : "Refresh", Kc.claims(refreshToken).get("typ").asText());
            }
            Instant loggedInAt = Instant.ofEpochSecond(Kc.claims(idToken).get("iat").asLong());
            if (shortened) {
                realmTimeout = loggedInAt.plusSeconds(SHORT_TIMEOUT);
            }
        }

        Kc.Response exchange() {
            Map<String, String> form = subject == SubjectKind.ID_TOKEN ? Kc.idJagRequest(idToken, audience)
                    : Kc.idJagRequestForRefreshToken(refreshToken, audience);
            return agent.token(realm, clientId, clientId + "-secret", form);
        }

        /** Puts back a realm setting the path changed, so that no other path runs under it. */
        void restoreRealm() {
            if (realmBefore != null) {
                if (!shortened) {
                    realmBefore.put("notBefore", 0);
                }
                assertStatus(204, admin.admin("PUT", "/" + realm, realmBefore.toString()));
            }
        }
    }
}
