package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the ID-JAG carries (defect 9): a signature the resource app can verify with the realm's JWKS whatever
 * the agent's ID-token algorithm, {@code email} only when verified, each resource once, and a lifetime within
 * the user's and the client's session. The realm's SSO idle timeout is 120 s; agent-brief's client session
 * lasts at most 60 s; the resource app allows 300 s.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdJagClaimsIT {

    static final String REALM = "xaa-idjag-claims";
    static final String AS = "https://as.idjag-claims.example.com";
    static final String FILES = "https://mcp.idjag-claims.example.com/files";

    Kc kc;
    AgentCalls agent;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        agent = new AgentCalls(kc, REALM, AS);
        kc.createRealm("idjag-claims-it-realm.json");
        String app = kc.createResourceApp(REALM, Map.of("name", "App", "audience", AS, "resources", List.of(FILES),
                "scopes", List.of("read"), "includeEmail", true, "idJagLifetimeSeconds", 300));
        for (String clientId : List.of("agent", "agent-hs", "agent-brief")) {
            kc.createConnection(REALM, Map.of("clientId", clientId, "resourceAppId", app, "clientIdAtResourceApp", clientId + "-at-as",
                    "scopes", List.of("read")));
        }
    }

    @Test
    void idJagOfAnAgentWithSymmetricIdTokensIsSignedWithARealmKeyFromTheJwks() throws Exception {
        String idToken = agent.idToken("agent-hs", "alice");
        assertEquals("HS512", SignedJWT.parse(idToken).getHeader().getAlgorithm().getName(), "precondition: the agent's ID tokens are HS512");

        SignedJWT idJag = SignedJWT.parse(idJag(agent.exchange("agent-hs", idToken)));
        assertEquals(JWSAlgorithm.RS256, idJag.getHeader().getAlgorithm());
        JWKSet jwks = JWKSet.parse(kc.get(kc.issuer(REALM) + "/protocol/openid-connect/certs").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(idJag.getHeader().getKeyID());
        assertNotNull(key, "the ID-JAG's kid is in the realm's JWKS");
        assertTrue(idJag.verify(new RSASSAVerifier(key)), "the ID-JAG verifies with the realm's JWKS");
    }

    @Test
    void emailIsReleasedOnlyWhenVerified() {
        JsonNode verified = Kc.claims(idJag(agent.exchange("agent", agent.idToken("agent", "alice"))));
        assertEquals("alice@example.org", verified.path("email").asText(null), verified.toString());
        assertTrue(verified.path("email_verified").asBoolean(), verified.toString());

        JsonNode unverified = Kc.claims(idJag(agent.exchange("agent", agent.idToken("agent", "erin"))));
        assertFalse(unverified.has("email"), unverified.toString());
        assertFalse(unverified.has("email_verified"), unverified.toString());
    }

    @Test
    void aRepeatedResourceIsGrantedOnce() {
        List<String[]> form = new ArrayList<>(Kc.toPairs(Kc.idJagRequest(agent.idToken("agent", "alice"), AS)));
        form.add(new String[]{"resource", FILES});
        form.add(new String[]{"resource", FILES});
        Kc.Response response = kc.tokenForm(REALM, "agent", "agent-secret", form, Map.of());
        assertEquals(200, response.status(), response.toString());
        assertEquals(FILES, response.json().path("resource").asText(null), response.toString());
        JsonNode claims = Kc.claims(idJag(response));
        assertTrue(claims.path("resource").isTextual(), claims.toString());
        assertEquals(FILES, claims.path("resource").asText(), claims.toString());
    }

    @Test
    void lifetimeStaysWithinTheUserSessionIdleTimeout() {
        assertLifetimeAtMost(120, agent.exchange("agent", agent.idToken("agent", "alice")));
    }

    @Test
    void lifetimeStaysWithinTheClientSessionMaximum() {
        assertLifetimeAtMost(60, agent.exchange("agent-brief", agent.idToken("agent-brief", "alice")));
    }

    private static void assertLifetimeAtMost(int seconds, Kc.Response response) {
        JsonNode claims = Kc.claims(idJag(response));
        long lifetime = claims.get("exp").asLong() - claims.get("iat").asLong();
        assertTrue(lifetime > 0 && lifetime <= seconds, "ID-JAG lifetime " + lifetime + " s, at most " + seconds + " s expected");
        assertTrue(response.json().get("expires_in").asLong() <= seconds, response.toString());
    }

    private static String idJag(Kc.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response.json().get("access_token").asText();
    }
}
