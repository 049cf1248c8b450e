package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.xaa.keycloak.policy.SubjectKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refresh token (online session) or an offline token as the subject of the exchange (checklist D-6, N15–N19):
 * validated as Keycloak's refresh grant validates it, never used up or rotated, claims rebuilt from the session,
 * and allowed per resource app. Realm {@code refresh-subject-it}: apps {@code open} (both kinds), {@code rt-only}
 * (refresh tokens only) and {@code closed} (ID tokens only), each connected to {@code agent}; realm
 * {@code refresh-reuse-it} revokes refresh tokens on use with a maximum reuse of 0.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshTokenSubjectIT {

    static final String REALM = "refresh-subject-it";
    static final String REUSE_REALM = "refresh-reuse-it";
    static final String ALICE_ID = "7a000000-0000-4000-a000-000000000003";
    static final String OPEN = "https://as-open.refresh-subject-it.example.com";
    static final String RT_ONLY = "https://as-rt-only.refresh-subject-it.example.com";
    static final String CLOSED = "https://as-closed.refresh-subject-it.example.com";
    static final String REUSE_APP = "https://as.refresh-reuse-it.example.com";

    Kc kc;
    String openAppId;
    String closedAppId;

    @BeforeAll
    void createRealms(Kc kc) {
        this.kc = kc;
        kc.createRealm("refresh-subject-it-realm.json");
        kc.createRealm("refresh-reuse-it-realm.json");
        openAppId = app(REALM, "Open", OPEN, true, true);
        String rtOnly = app(REALM, "Refresh tokens only", RT_ONLY, true, false);
        closedAppId = app(REALM, "Closed", CLOSED, false, false);
        for (String app : List.of(openAppId, rtOnly, closedAppId)) {
            connect(REALM, "agent", app);
        }
        connect(REALM, "other-agent", openAppId);
        connect(REUSE_REALM, "agent", app(REUSE_REALM, "Open", REUSE_APP, true, true));
    }

    // ---- issued

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void aRefreshTokenYieldsAnIdJagRebuiltFromItsSessionAndIsNeitherUsedUpNorRotated(SubjectKind kind) throws Exception {
        JsonNode login = login(REALM, "agent", "alice", kind);
        String refreshToken = login.get("refresh_token").asText();
        JsonNode idToken = Kc.claims(login.get("id_token").asText());

        Kc.Response first = exchange(REALM, "agent", refreshToken, OPEN);
        assertEquals(200, first.status(), first.toString());
        assertEquals(Kc.ID_JAG, first.json().get("issued_token_type").asText());
        assertEquals("N_A", first.json().get("token_type").asText());
        assertFalse(first.json().has("refresh_token"), "an exchange never hands out a refresh token");
        assertEquals("no-store", first.header("Cache-Control"));

        JWTClaimsSet claims = kc.verifiedIdJag(REALM, first);
        assertEquals(kc.issuer(REALM), claims.getIssuer());
        assertEquals(ALICE_ID, claims.getSubject());
        assertEquals(List.of(OPEN), claims.getAudience());
        assertEquals("agent-at-as", claims.getStringClaim("client_id"));
        assertEquals("read", claims.getStringClaim("scope"));
        assertEquals("alice@refresh-subject-it.example", claims.getStringClaim("email"), "the current user's verified address");
        assertEquals(idToken.get("acr").asText(), claims.getStringClaim("acr"), "the level the session's login reached");
        // A password login sets no auth_time (StepUpBrowserIT shows a browser login's auth_time carried over).
        assertEquals(idToken.has("auth_time"), claims.getClaim("auth_time") != null);
        assertTrue(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime() <= 300_000);

        Kc.Response second = exchange(REALM, "agent", refreshToken, OPEN);
        assertEquals(200, second.status(), "the same refresh token again: " + second);
        assertNotEquals(claims.getJWTID(), kc.verifiedIdJag(REALM, second).getJWTID());

        Kc.Response refreshed = refresh(REALM, "agent", refreshToken);
        assertEquals(200, refreshed.status(), "the agent's refresh token still refreshes: " + refreshed);

        JsonNode record = kc.admin("GET", "/" + REALM + "/cross-app-access/audit?jti=" + claims.getJWTID(), null).json().get(0);
        assertEquals("ID_JAG_ISSUED", record.get("type").asText());
        assertEquals(kind.value(), record.get("subjectKind").asText());
        assertEquals(idToken.get("sid").asText(), record.get("userSessionId").asText());
    }

    @Test
    void anIdTokenExchangeIsAuditedAsSuch() throws Exception {
        JsonNode login = login(REALM, "agent", "alice", SubjectKind.REFRESH_TOKEN);
        Kc.Response issued = kc.token(REALM, "agent", "agent-secret", Kc.idJagRequest(login.get("id_token").asText(), CLOSED));
        assertEquals(200, issued.status(), issued.toString());
        String jti = kc.verifiedIdJag(REALM, issued).getJWTID();
        assertEquals("id_token", kc.admin("GET", "/" + REALM + "/cross-app-access/audit?jti=" + jti, null).json().get(0)
                .get("subjectKind").asText());
    }

    // ---- N15: the token is not what subject_token_type says

    @Test
    void n15TokensOtherThanARefreshTokenLabelledRefreshTokenAreInvalidGrant() {
        JsonNode login = login(REALM, "agent", "alice", SubjectKind.REFRESH_TOKEN);
        Kc.Response idJag = exchange(REALM, "agent", login.get("refresh_token").asText(), OPEN);
        assertEquals(200, idJag.status(), idJag.toString());
        Map<String, String> labelledRefresh = Map.of("ID token", login.get("id_token").asText(),
                "access token", login.get("access_token").asText(), "ID-JAG", idJag.json().get("access_token").asText());
        labelledRefresh.forEach((what, token) ->
                assertRefused(exchange(REALM, "agent", token, OPEN), "invalid_grant", "subject token is invalid", what));
    }

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n15ARefreshTokenLabelledIdTokenIsInvalidGrant(SubjectKind kind) {
        String refreshToken = login(REALM, "agent", "alice", kind).get("refresh_token").asText();
        assertRefused(kc.token(REALM, "agent", "agent-secret", Kc.idJagRequest(refreshToken, OPEN)), "invalid_grant", null, kind.value());
    }

    // ---- N16, N17: not this client's, not this realm's, not intact, no longer valid

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n16ARefreshTokenOfAnotherClientIsInvalidGrant(SubjectKind kind) {
        String othersToken = login(REALM, "other-agent", "alice", kind).get("refresh_token").asText();
        assertRefused(exchange(REALM, "agent", othersToken, OPEN), "invalid_grant", "authorized client don't match", kind.value());
        assertEquals(200, exchange(REALM, "other-agent", othersToken, OPEN).status(), "control: its own client may");
    }

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n17ARefreshTokenOfAnotherRealmIsInvalidGrant(SubjectKind kind) {
        String foreign = login(REUSE_REALM, "agent", "alice", kind).get("refresh_token").asText();
        assertRefused(exchange(REALM, "agent", foreign, OPEN), "invalid_grant", "subject token is invalid", kind.value());
    }

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n17AnAlteredRefreshTokenIsInvalidGrant(SubjectKind kind) {
        String token = login(REALM, "agent", "alice", kind).get("refresh_token").asText();
        String[] parts = token.split("\\.");
        String signature = parts[2];
        String forgedSignature = parts[0] + "." + parts[1] + "." + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        assertRefused(exchange(REALM, "agent", forgedSignature, OPEN), "invalid_grant", "subject token is invalid", "signature");

        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"azp\":\"agent\"", "\"azp\":\"agent\",\"scope\":\"openid read write\"");
        String forgedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + signature;
        assertRefused(exchange(REALM, "agent", forgedPayload, OPEN), "invalid_grant", "subject token is invalid", "payload");
        assertEquals(200, exchange(REALM, "agent", token, OPEN).status(), "control: the token as issued");
    }

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n17ARefreshTokenRevokedAtTheRevocationEndpointIsInvalidGrant(SubjectKind kind) {
        String token = login(REALM, "agent", "alice", kind).get("refresh_token").asText();
        assertEquals(200, exchange(REALM, "agent", token, OPEN).status());
        assertEquals(200, kc.revoke(REALM, "agent", "agent-secret", token).status());
        assertRefused(exchange(REALM, "agent", token, OPEN), "invalid_grant", "subject token is invalid", kind.value());
    }

    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void n17TheUserDisabledOrSignedOutByAnAdminIsInvalidGrant(SubjectKind kind) throws InterruptedException {
        String userId = newUser();
        String disabledUsersToken = login(REALM, "agent", username(userId), kind).get("refresh_token").asText();
        setUserEnabled(userId, false);
        assertRefused(exchange(REALM, "agent", disabledUsersToken, OPEN), "invalid_grant", "User disabled", kind.value());
        setUserEnabled(userId, true);

        String signedOutToken = login(REALM, "agent", username(userId), kind).get("refresh_token").asText();
        assertEquals(200, exchange(REALM, "agent", signedOutToken, OPEN).status());
        // Sign-out sets the user's not-before, in whole seconds: a token of the same second would outlive it, as at Keycloak.
        RevocationPaths.awaitSecondAfter(Kc.claims(signedOutToken).get("iat").asLong());
        assertEquals(204, kc.admin("POST", "/" + REALM + "/users/" + userId + "/logout", null).status());
        assertRefused(exchange(REALM, "agent", signedOutToken, OPEN), "invalid_grant", "subject token is invalid", kind.value());
    }

    // ---- N18: the resource app does not take this kind

    @Test
    void n18AKindTheResourceAppDoesNotAcceptIsInvalidRequestAndAudited() throws Exception {
        String refreshToken = login(REALM, "agent", "alice", SubjectKind.REFRESH_TOKEN).get("refresh_token").asText();
        String offlineToken = login(REALM, "agent", "alice", SubjectKind.OFFLINE_TOKEN).get("refresh_token").asText();

        assertRefused(exchange(REALM, "agent", refreshToken, CLOSED), "invalid_request", "does not accept refresh tokens", "closed");
        assertRefused(exchange(REALM, "agent", offlineToken, CLOSED), "invalid_request", "does not accept offline tokens", "closed");
        assertRefused(exchange(REALM, "agent", offlineToken, RT_ONLY), "invalid_request", "does not accept offline tokens", "rt-only");
        assertEquals(200, exchange(REALM, "agent", refreshToken, RT_ONLY).status(), "rt-only takes refresh tokens");

        JsonNode refusal = kc.admin("GET", "/" + REALM + "/cross-app-access/audit?clientId=agent&outcome=FAILURE&resourceAppId="
                + closedAppId, null).json().get(0);
        assertEquals("OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED", refusal.get("rule").asText(), refusal.toString());
        assertEquals("offline_token", refusal.get("subjectKind").asText());
        assertEquals("invalid_request", refusal.get("error").asText());
        assertEquals(ALICE_ID, refusal.get("userId").asText());
    }

    // ---- N19: the grant behind the token does not cover an ID-JAG

    @Test
    void n19ARefreshTokenOfANonOpenIdLoginIsInvalidGrant() {
        JsonNode login = kc.password(REALM, "agent", "agent-secret", "alice", "alice", "profile").json();
        assertFalse(login.has("id_token"), "control: no OpenID Connect login, no ID token");
        assertRefused(exchange(REALM, "agent", login.get("refresh_token").asText(), OPEN), "invalid_grant", "no openid scope", "profile");
    }

    // ---- reuse under "Revoke Refresh Token"

    /**
     * Max reuse 0: an exchange presents the token without redeeming it, so any number of exchanges leave the agent's
     * refresh intact. Once the token was redeemed, presenting it again is reuse: refused, with the consequence a reuse
     * at Keycloak's own refresh grant has for the token that replaced it (shown on a second login, side by side).
     */
    @ParameterizedTest
    @EnumSource(value = SubjectKind.class, names = {"REFRESH_TOKEN", "OFFLINE_TOKEN"})
    void underRevokeRefreshTokenAnExchangeIsNoUseAndAReuseCountsAsAtTheRefreshGrant(SubjectKind kind) {
        String first = login(REUSE_REALM, "agent", "alice", kind).get("refresh_token").asText();
        assertEquals(200, exchange(REUSE_REALM, "agent", first, REUSE_APP).status());
        assertEquals(200, exchange(REUSE_REALM, "agent", first, REUSE_APP).status());
        Kc.Response rotated = refresh(REUSE_REALM, "agent", first);
        assertEquals(200, rotated.status(), "two exchanges did not use up a token allowed one use: " + rotated);
        String second = rotated.json().get("refresh_token").asText();
        assertRefused(exchange(REUSE_REALM, "agent", first, REUSE_APP), "invalid_grant", "reuse exceeded", kind.value());
        int afterExchangeReuse = refresh(REUSE_REALM, "agent", second).status();

        String other = login(REUSE_REALM, "agent", "alice", kind).get("refresh_token").asText();
        String otherSecond = refresh(REUSE_REALM, "agent", other).json().get("refresh_token").asText();
        Kc.Response reusedAtRefreshGrant = refresh(REUSE_REALM, "agent", other);
        assertEquals(400, reusedAtRefreshGrant.status(), reusedAtRefreshGrant.toString());
        int afterRefreshGrantReuse = refresh(REUSE_REALM, "agent", otherSecond).status();
        System.out.println("reuse (" + kind.value() + "): the replacing token's refresh answers " + afterRefreshGrantReuse
                + " after a reuse at the refresh grant, " + afterExchangeReuse + " after a reuse at the exchange");
        assertEquals(afterRefreshGrantReuse, afterExchangeReuse, "a reuse at the exchange has the refresh grant's consequence");

        String third = login(REUSE_REALM, "agent", "alice", kind).get("refresh_token").asText();
        String fourth = refresh(REUSE_REALM, "agent", third).json().get("refresh_token").asText();
        assertEquals(200, exchange(REUSE_REALM, "agent", fourth, REUSE_APP).status(), "the current token of a rotated chain");
    }

    // ---- offline sessions

    @Test
    void anOfflineTokenOutlivesLogoutAndStopsWithOfflineAccess() throws Exception {
        String userId = newUser();
        JsonNode login = login(REALM, "agent", username(userId), SubjectKind.OFFLINE_TOKEN);
        String offlineToken = login.get("refresh_token").asText();
        String url = kc.issuer(REALM) + "/protocol/openid-connect/logout?id_token_hint="
                + URLEncoder.encode(login.get("id_token").asText(), StandardCharsets.UTF_8);
        HttpResponse<String> logout = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, logout.statusCode());
        assertEquals(0, kc.admin("GET", "/" + REALM + "/users/" + userId + "/sessions", null).json().size());
        assertEquals(200, exchange(REALM, "agent", offlineToken, OPEN).status(),
                "as for Keycloak's refresh grant, an offline token outlives the login session");

        // The account console's "Remove access" and the admin's Consents tab both end offline access this way.
        assertEquals(204, kc.admin("DELETE", "/" + REALM + "/users/" + userId + "/consents/agent", null).status());
        assertRefused(exchange(REALM, "agent", offlineToken, OPEN), "invalid_grant", "subject token is invalid", "offline access revoked");
    }

    // ---- administration

    @Test
    void theSimulatorTakesTheSubjectKind() {
        String evaluate = "/" + REALM + "/cross-app-access/evaluate";
        JsonNode refused = kc.admin("POST", evaluate, Map.of("clientId", "agent", "username", "alice", "audience", CLOSED,
                "subjectKind", "refresh_token")).json();
        assertEquals("REFUSE", refused.get("decision").asText(), refused.toString());
        assertEquals("REFRESH_TOKEN_SUBJECT_NOT_ALLOWED", refused.get("rule").asText());
        assertEquals("invalid_request", refused.get("error").asText());

        JsonNode issued = kc.admin("POST", evaluate, Map.of("clientId", "agent", "username", "alice", "audience", RT_ONLY,
                "subjectKind", "refresh_token")).json();
        assertEquals("ISSUE", issued.get("decision").asText(), issued.toString());
        JsonNode offline = kc.admin("POST", evaluate, Map.of("clientId", "agent", "username", "alice", "audience", RT_ONLY,
                "subjectKind", "offline_token")).json();
        assertEquals("OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED", offline.get("rule").asText(), offline.toString());
        JsonNode idToken = kc.admin("POST", evaluate, Map.of("clientId", "agent", "username", "alice", "audience", CLOSED)).json();
        assertEquals("ISSUE", idToken.get("decision").asText(), "absent means an ID token: " + idToken);

        Kc.Response unknown = kc.admin("POST", evaluate, Map.of("clientId", "agent", "username", "alice", "audience", CLOSED,
                "subjectKind", "access_token"));
        assertEquals(400, unknown.status(), unknown.toString());
    }

    @Test
    void theFlagsAreInTheApiAndTheExportAndAnOmittedFlagNeverAllowsMore() {
        String path = "/" + REALM + "/cross-app-access/resource-apps/";
        String id = app(REALM, "Flags", "https://as-flags.refresh-subject-it.example.com", true, true);
        JsonNode app = kc.admin("GET", path + id, null).json();
        assertTrue(app.get("allowRefreshTokenSubject").asBoolean());
        assertTrue(app.get("allowOfflineTokenSubject").asBoolean());

        JsonNode exported = kc.admin("GET", "/" + REALM + "/cross-app-access/export", null).json();
        JsonNode flags = null;
        for (JsonNode candidate : exported.get("resourceApps")) {
            if (candidate.get("audience").asText().equals(app.get("audience").asText())) {
                flags = candidate;
            }
        }
        assertNotNull(flags, exported.toString());
        assertTrue(flags.get("allowRefreshTokenSubject").asBoolean() && flags.get("allowOfflineTokenSubject").asBoolean());

        Kc.Response updated = kc.admin("PUT", path + id, Map.of("name", "Flags", "audience", app.get("audience").asText(),
                "scopes", List.of("read")));
        assertEquals(200, updated.status(), updated.toString());
        assertFalse(updated.json().get("allowRefreshTokenSubject").asBoolean());
        assertFalse(updated.json().get("allowOfflineTokenSubject").asBoolean());
        assertEquals(204, kc.admin("DELETE", path + id, null).status());
    }

    // ---- helpers

    private String app(String realm, String name, String audience, boolean refreshTokens, boolean offlineTokens) {
        return kc.createResourceApp(realm, Map.of("name", name, "audience", audience, "scopes", List.of("read"), "includeEmail", true,
                "allowRefreshTokenSubject", refreshTokens, "allowOfflineTokenSubject", offlineTokens));
    }

    private void connect(String realm, String clientId, String appId) {
        kc.createConnection(realm, Map.of("clientId", clientId, "resourceAppId", appId, "clientIdAtResourceApp", clientId + "-at-as",
                "scopes", List.of("read")));
    }

    private JsonNode login(String realm, String clientId, String username, SubjectKind kind) {
        String scope = kind == SubjectKind.OFFLINE_TOKEN ? "openid offline_access" : "openid";
        Kc.Response login = kc.password(realm, clientId, clientId + "-secret", username, username, scope);
        assertEquals(200, login.status(), login.toString());
        assertEquals(kind == SubjectKind.OFFLINE_TOKEN ? "Offline" : "Refresh",
                Kc.claims(login.json().get("refresh_token").asText()).get("typ").asText());
        return login.json();
    }

    private Kc.Response exchange(String realm, String clientId, String refreshToken, String audience) {
        return kc.token(realm, clientId, clientId + "-secret", Kc.idJagRequestForRefreshToken(refreshToken, audience));
    }

    private Kc.Response refresh(String realm, String clientId, String refreshToken) {
        return kc.token(realm, clientId, clientId + "-secret", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** A user of its own, so that disabling or signing out one test's user leaves alice's tokens alone. */
    private String newUser() {
        String username = "u-" + UUID.randomUUID().toString().substring(0, 8);
        Kc.Response created = kc.admin("POST", "/" + REALM + "/users", Map.of("username", username, "enabled", true,
                "email", username + "@refresh-subject-it.example", "emailVerified", true, "firstName", "Refresh", "lastName", "It",
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false))));
        assertEquals(201, created.status(), created.toString());
        return created.createdId();
    }

    private String username(String userId) {
        return kc.admin("GET", "/" + REALM + "/users/" + userId, null).json().get("username").asText();
    }

    private void setUserEnabled(String userId, boolean enabled) {
        assertEquals(204, kc.admin("PUT", "/" + REALM + "/users/" + userId, Map.of("enabled", enabled)).status());
    }

    private static void assertRefused(Kc.Response response, String error, String describedAs, String what) {
        assertEquals(400, response.status(), what + ": " + response);
        assertEquals(error, response.error(), what + ": " + response);
        assertFalse(response.body().contains("access_token"), what + ": a refusal carries no token");
        if (describedAs != null) {
            assertTrue(response.json().path("error_description").asText().contains(describedAs), what + ": " + response);
        }
    }

}
