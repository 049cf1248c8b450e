package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static io.xaa.keycloak.it.AgentCalls.assertInvalidGrant;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Subject-token checks that hold even for a token signed with a key the realm trusts (defect 8). The realm
 * imports an RSA key this test knows, so it can re-sign a real ID token with one claim altered; each such token
 * must be refused with invalid_grant, never accepted and never a 500. The unaltered re-signed token is the control.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubjectTokenVerificationIT {

    static final String REALM = "xaa-subject-token";
    static final String REALM_FILE = "subject-token-it-realm.json";
    static final String AS = "https://as.subject-token.example.com";

    AgentCalls agent;
    PrivateKey realmKey;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) throws Exception {
        agent = new AgentCalls(kc, REALM, AS);
        kc.createRealm(REALM_FILE);
        String app = kc.createResourceApp(REALM, Map.of("name", "App", "audience", AS, "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent-at-as",
                "scopes", List.of("read")));
        JsonNode rsa = Kc.JSON.readTree(Kc.realmFile(REALM_FILE)).path("components").path("org.keycloak.keys.KeyProvider").get(0);
        byte[] pkcs8 = Base64.getDecoder().decode(rsa.path("config").path("privateKey").get(0).asText());
        realmKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    @Test
    void unalteredReSignedIdTokenIsAccepted() throws Exception {
        assertEquals(200, exchange(resigned(claims -> claims)).status(), "control: the realm's key signs what the realm accepts");
    }

    @Test
    void idTokenWithoutExpIsRefused() throws Exception {
        assertInvalidGrant(exchange(resigned(claims -> new JWTClaimsSet.Builder(claims).expirationTime(null).build())));
    }

    @Test
    void idTokenWithExpZeroIsRefused() throws Exception {
        assertInvalidGrant(exchange(resigned(claims -> new JWTClaimsSet.Builder(claims).expirationTime(new Date(0)).build())));
    }

    @Test
    void idTokenWithoutIatIsRefused() throws Exception {
        assertInvalidGrant(exchange(resigned(claims -> new JWTClaimsSet.Builder(claims).issueTime(null).build())));
    }

    @Test
    void idTokenWhosePayloadIsJsonNullIsRefused() throws Exception {
        SignedJWT original = SignedJWT.parse(idToken());
        JWSObject jws = new JWSObject(header(original), new Payload("null"));
        jws.sign(new RSASSASigner(realmKey));
        assertInvalidGrant(exchange(jws.serialize()));
    }

    @Test
    void idTokenAuthorizedForAnotherClientIsRefusedEvenWithASingleAudience() throws Exception {
        assertInvalidGrant(exchange(resigned(claims -> new JWTClaimsSet.Builder(claims)
                .audience("agent").claim("azp", "other-app").build())));
    }

    /** A fresh ID token of alice for the agent (a live session, so its sid is valid), altered, then signed again with the realm's key. */
    private String resigned(UnaryOperator<JWTClaimsSet> alter) throws Exception {
        SignedJWT original = SignedJWT.parse(idToken());
        SignedJWT altered = new SignedJWT(header(original), alter.apply(original.getJWTClaimsSet()));
        altered.sign(new RSASSASigner(realmKey));
        return altered.serialize();
    }

    private static JWSHeader header(SignedJWT original) {
        assertEquals(JWSAlgorithm.RS256, original.getHeader().getAlgorithm(), "the realm's imported RSA key signs its ID tokens");
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(original.getHeader().getKeyID()).build();
    }

    private String idToken() {
        return agent.idToken("agent", "alice");
    }

    private Kc.Response exchange(String subjectToken) {
        return agent.exchange("agent", subjectToken);
    }
}
