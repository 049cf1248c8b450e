package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.xaa.keycloak.it.DemoScenario.exchange;
import static io.xaa.keycloak.it.DemoScenario.idToken;
import static io.xaa.keycloak.it.DemoScenario.redeem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README walkthrough, end to end: alice's ID token at acme → ID-JAG from acme → access token from
 * tools, redeemed by Keycloak's own jwt-bearer grant (features jwt-authorization-grant, identity-assertion-jwt).
 */
@ExtendWith(KeycloakExtension.class)
class DemoFlowIT {

    static final String ALICE_ID = "a11ce000-0000-4000-a000-000000000001";

    @BeforeAll
    static void importDemoConfiguration(Kc kc) {
        Kc.Response imported = DemoConfiguration.importInto(kc, Path.of(KeycloakServer.testSettings().get("realm.dir")));
        assertEquals(200, imported.status(), imported.toString());
    }

    @Test
    void aliceIdTokenBecomesAnIdJagThatToolsRedeemsForHerLinkedAccount(Kc kc) throws Exception {
        Kc.Response exchanged = exchange(kc, idToken(kc, "alice"), "files:read calendar:write");
        assertEquals(200, exchanged.status(), exchanged.toString());
        JsonNode body = exchanged.json();
        assertEquals(Kc.ID_JAG, body.get("issued_token_type").asText());
        assertEquals("N_A", body.get("token_type").asText());
        assertEquals("files:read", body.get("scope").asText(), "calendar:write is not in the connection, so it is narrowed away");
        assertEquals(300, body.get("expires_in").asInt());
        assertFalse(body.has("refresh_token"));
        assertEquals("no-store", exchanged.header("Cache-Control"));

        String idJag = body.get("access_token").asText();
        SignedJWT jwt = SignedJWT.parse(idJag);
        assertEquals(new JOSEObjectType("oauth-id-jag+jwt"), jwt.getHeader().getType());
        String kid = jwt.getHeader().getKeyID();
        assertNotNull(kid);
        JWKSet jwks = JWKSet.parse(kc.get(kc.issuer("acme") + "/protocol/openid-connect/certs").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(kid);
        assertNotNull(key, "the ID-JAG's kid is in acme's JWKS");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signature verifies against acme's JWKS");

        var claims = jwt.getJWTClaimsSet();
        assertEquals(kc.issuer("acme"), claims.getIssuer());
        assertEquals(ALICE_ID, claims.getSubject());
        assertEquals(List.of(kc.issuer("tools")), claims.getAudience());
        assertEquals("ai-agent-at-tools", claims.getStringClaim("client_id"));
        assertEquals("files:read", claims.getStringClaim("scope"));
        assertEquals(List.of("https://mcp.tools.example/files", "https://mcp.tools.example/calendar"),
                claims.getStringListClaim("resource"));
        assertNotNull(claims.getJWTID());
        Date iat = claims.getIssueTime();
        assertEquals(300_000, claims.getExpirationTime().getTime() - iat.getTime());
        assertNull(claims.getClaim("email"), "the app does not ask for email");

        Kc.Response redeemed = redeem(kc, idJag);
        assertEquals(200, redeemed.status(), redeemed.toString());
        JsonNode accessToken = Kc.claims(redeemed.json().get("access_token").asText());
        assertEquals(kc.issuer("tools"), accessToken.get("iss").asText());
        assertEquals("alice", accessToken.get("preferred_username").asText());
        assertEquals("[\"https://mcp.tools.example/files\",\"https://mcp.tools.example/calendar\"]", accessToken.get("aud").toString(),
                "tools' ID-JAG redemption: the audience is the ID-JAG's resource");
        assertEquals("files:read", accessToken.get("scope").asText(), "the ID-JAG's scope, not the client's defaults");
        assertFalse(redeemed.json().has("refresh_token"));

        Kc.Response replayed = redeem(kc, idJag);
        assertEquals(400, replayed.status());
        assertEquals("invalid_grant", replayed.error());
    }

    /** The README walkthrough's refusal by tools' ID-JAG redemption: a redemption asking for more than the ID-JAG allows. */
    @Test
    void toolsRedeemsNoScopeTheIdJagDoesNotAllow(Kc kc) {
        Kc.Response exchanged = exchange(kc, idToken(kc, "alice"), "files:read");
        assertEquals(200, exchanged.status(), exchanged.toString());
        Kc.Response refused = kc.token("tools", DemoScenario.AGENT_AT_TOOLS, DemoScenario.AGENT_AT_TOOLS_SECRET, Map.of(
                "grant_type", DemoScenario.JWT_BEARER, "assertion", exchanged.json().get("access_token").asText(), "scope", "files:write"));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("invalid_scope", refused.error());
        assertEquals("none of the requested scopes is in the assertion", refused.json().get("error_description").asText());
        assertFalse(refused.body().contains("access_token"), refused.toString());
    }

    /**
     * The README's long-running agent: alice's offline token (scope openid offline_access) instead of a new login.
     * Tools accepts offline tokens; Payments, which takes ID tokens only, refuses one as invalid_request.
     */
    @Test
    void aliceOfflineTokenBecomesAnIdJagThatToolsRedeems(Kc kc) {
        Kc.Response login = kc.password("acme", "ai-agent", "ai-agent-secret", "alice", "alice", "openid offline_access");
        assertEquals(200, login.status(), login.toString());
        String offlineToken = login.json().get("refresh_token").asText();
        assertEquals("Offline", Kc.claims(offlineToken).get("typ").asText());

        Map<String, String> form = Kc.idJagRequestForRefreshToken(offlineToken, kc.issuer("tools"));
        form.put("resource", "https://mcp.tools.example/files");
        form.put("scope", "files:read");
        Kc.Response exchanged = kc.token("acme", "ai-agent", "ai-agent-secret", form);
        assertEquals(200, exchanged.status(), exchanged.toString());
        JsonNode idJag = Kc.claims(exchanged.json().get("access_token").asText());
        assertEquals(ALICE_ID, idJag.get("sub").asText());
        assertEquals("pwd", idJag.get("acr").asText(), "the level of the login behind the offline session");

        Kc.Response redeemed = redeem(kc, exchanged.json().get("access_token").asText());
        assertEquals(200, redeemed.status(), redeemed.toString());
        assertEquals("alice", Kc.claims(redeemed.json().get("access_token").asText()).get("preferred_username").asText());

        Map<String, String> payments = Kc.idJagRequestForRefreshToken(offlineToken, "https://payments.example.com");
        Kc.Response refused = kc.token("acme", "ai-agent", "ai-agent-secret", payments);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("invalid_request", refused.error());
    }

    @Test
    void theSensitivePaymentsAppDemandsASecondFactorForEveryScope(Kc kc) {
        Map<String, String> form = Kc.idJagRequest(idToken(kc, "alice"), "https://payments.example.com");
        form.put("scope", "payments:read");
        Kc.Response refused = kc.token("acme", "ai-agent", "ai-agent-secret", form);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("insufficient_user_authentication", refused.error());
        assertEquals("mfa", refused.json().get("acr_values").asText());
        assertEquals(300, refused.json().get("max_age").asInt());
    }

    @Test
    void filesWriteDemandsASecondFactorThatThePasswordGrantCannotGive(Kc kc) {
        Kc.Response refused = exchange(kc, idToken(kc, "alice"), "files:read files:write");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("insufficient_user_authentication", refused.error());
        assertEquals("mfa", refused.json().get("acr_values").asText());
        assertEquals(300, refused.json().get("max_age").asInt());
        assertFalse(refused.body().contains("access_token"));
    }

    @Test
    void bobIsNotInTheRequiredGroup(Kc kc) {
        Kc.Response refused = exchange(kc, idToken(kc, "bob"), "files:read");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("access_denied", refused.error());
        assertFalse(refused.body().contains("access_token"));
    }

    @Test
    void discoveryAdvertisesTheIdJagTokenType(Kc kc) {
        for (String document : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            JsonNode metadata = kc.get(kc.issuer("acme") + document).json();
            assertEquals(Kc.ID_JAG, metadata.path("identity_chaining_requested_token_types_supported").path(0).asText(), document);
            assertTrue(metadata.get("grant_types_supported").toString().contains(Kc.TOKEN_EXCHANGE), document);
            assertEquals(kc.issuer("acme"), metadata.get("issuer").asText(), document);
        }
    }
}
