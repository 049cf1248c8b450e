package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IdP-side negative vectors of the checklist (N01–N30) that apply to ID-token subjects, each
 * asserting the exact HTTP status and OAuth error, and that no refusal carries a token.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdJagExchangeIT {

    static final String REALM = "xaa-it";
    static final String AS_A = "https://as-a.example.com";
    static final String AS_B = "https://as-b.example.com";
    static final String AS_OFF = "https://as-off.example.com";
    static final String FILES = "https://mcp-a.example.com/files";
    static final String MAIL = "https://mcp-a.example.com/mail";
    static final String ALICE_ID = "a0000000-0000-4000-a000-00000000000a";
    static final String AS_STRICT = "https://as-strict.example.com";
    static final String AS_FRESH = "https://as-fresh.example.com";
    static final String AS_SCOPED = "https://as-scoped.example.com";
    static final String AS_LOW = "https://as-low.example.com";
    static final String STRICT_MCP = "https://mcp-strict.example.com/admin";

    Kc kc;
    String appA;
    String connectionA;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) throws Exception {
        this.kc = kc;
        kc.createRealm("exchange-it-realm.json");

        appA = kc.createResourceApp(REALM, Map.of("name", "App A", "audience", AS_A, "resources", List.of(FILES, MAIL),
                "scopes", List.of("read", "write", "admin"), "includeEmail", true));
        String appB = kc.createResourceApp(REALM, Map.of("name", "App B", "audience", AS_B, "resources", List.of(), "scopes", List.of("read")));
        String appOff = kc.createResourceApp(REALM, Map.of("name", "App off", "audience", AS_OFF, "scopes", List.of("read"), "enabled", false));
        connectionA = kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", appA, "clientIdAtResourceApp", "agent-at-a",
                "scopes", List.of("read", "write"), "resources", List.of(FILES), "requiredGroups", List.of("/eng")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", appOff, "clientIdAtResourceApp", "agent-at-off"));
        kc.createConnection(REALM, Map.of("clientId", "agent-no-map", "resourceAppId", appA, "clientIdAtResourceApp", "x", "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "short-lived", "resourceAppId", appB, "clientIdAtResourceApp", "short"));
        // Step-up (N26, N27): password-grant ID tokens carry acr "1" and no auth_time.
        String strict = kc.createResourceApp(REALM, Map.of("name", "Strict", "audience", AS_STRICT, "resources", List.of(STRICT_MCP),
                "scopes", List.of("read"), "stepUp", Map.of("acrValues", List.of("2"))));
        String fresh = kc.createResourceApp(REALM, Map.of("name", "Fresh", "audience", AS_FRESH, "scopes", List.of("read"),
                "stepUp", Map.of("maxAgeSeconds", 300)));
        String scoped = kc.createResourceApp(REALM, Map.of("name", "Scoped", "audience", AS_SCOPED, "scopes", List.of("read", "write"),
                "scopeStepUp", Map.of("write", Map.of("acrValues", List.of("2", "3"), "maxAgeSeconds", 600))));
        String low = kc.createResourceApp(REALM, Map.of("name", "Low", "audience", AS_LOW, "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", List.of("1"))));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", strict, "clientIdAtResourceApp", "s",
                "scopes", List.of("read"), "requiredGroups", List.of("/eng")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", fresh, "clientIdAtResourceApp", "f", "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", scoped, "clientIdAtResourceApp", "sc",
                "scopes", List.of("read", "write")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", low, "clientIdAtResourceApp", "l", "scopes", List.of("read")));
        assertNotNull(appB);
    }


    // ---- helpers

    Kc.Response login(String clientId, String user) {
        Kc.Response login = kc.password(REALM, clientId, clientId + "-secret", user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        return login;
    }

    String idToken(String clientId, String user) {
        return login(clientId, user).json().get("id_token").asText();
    }

    Map<String, String> request(String subjectToken) {
        return Kc.idJagRequest(subjectToken, AS_A);
    }

    Kc.Response exchange(String clientId, Map<String, String> form) {
        return kc.token(REALM, clientId, clientId + "-secret", form);
    }

    Kc.Response exchange(Map<String, String> form) {
        return exchange("agent", form);
    }

    Kc.Response aliceExchange(Map<String, String> overrides) {
        Map<String, String> form = request(idToken("agent", "alice"));
        form.putAll(overrides);
        return exchange(form);
    }

    static void assertRefused(Kc.Response response, int status, String error) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(error, response.error(), response.toString());
        assertFalse(response.body().contains("access_token"), "a refusal carries no token");
        assertTrue(response.json().path("error_description").asText().length() > 0 || error.equals("invalid_client"), response.toString());
    }

    // ---- client authentication (N01, N02)

    @Nested
    class ClientAuthentication {

        @Test
        void n01PublicClientIsRefusedAsInvalidClient() {
            Map<String, String> form = request(idToken("public-agent", "alice"));
            Kc.Response response = kc.token(REALM, "public-agent", null, form);
            assertRefused(response, 401, "invalid_client");
        }

        @Test
        void n01MissingClientAuthenticationIsInvalidClient() {
            Kc.Response response = kc.token(REALM, null, null, request(idToken("agent", "alice")));
            assertEquals(401, response.status(), response.toString());
            assertEquals("invalid_client", response.error());
        }

        @Test
        void n01WrongClientSecretIsRefused() {
            Kc.Response response = kc.token(REALM, "agent", "wrong-secret", request(idToken("agent", "alice")));
            assertEquals(401, response.status(), response.toString());
            assertFalse(response.body().contains("access_token"));
        }

        @Test
        void n02ClientWithoutAnyConnectionIsUnauthorized() {
            assertRefused(exchange("agent-no-xaa", request(idToken("agent-no-xaa", "alice"))), 400, "unauthorized_client");
        }

        @Test
        void dynamicallyRegisteredClientIsUnauthorized() {
            Kc.Response initial = kc.admin("POST", "/" + REALM + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
            assertEquals(201, initial.status(), initial.toString());
            String registrationToken = initial.json().get("token").asText();
            Kc.Response registered = kc.registerClient(REALM, registrationToken, Map.of(
                    "client_name", "dcr-agent", "grant_types", List.of("password"), "redirect_uris", List.of("http://localhost/cb"),
                    "token_endpoint_auth_method", "client_secret_basic"));
            assertEquals(201, registered.status(), registered.toString());
            String clientId = registered.json().get("client_id").asText();
            String secret = registered.json().get("client_secret").asText();
            Kc.Response login = kc.password(REALM, clientId, secret, "alice", "alice", "openid");
            assertEquals(200, login.status(), login.toString());
            Kc.Response response = kc.token(REALM, clientId, secret, request(login.json().get("id_token").asText()));
            assertRefused(response, 400, "unauthorized_client");
        }
    }

    // ---- request parameters (N03–N05, N18, N21, N24)

    @Nested
    class RequestParameters {

        @Test
        void n03WithoutRequestedTokenTypeNoIdJagIsIssued() {
            Map<String, String> form = request(idToken("agent", "alice"));
            form.remove("requested_token_type");
            Kc.Response response = exchange(form);
            assertEquals(400, response.status(), response.toString());
            assertFalse(response.body().contains(Kc.ID_JAG));
            assertFalse(response.body().contains("access_token"));
        }

        @Test
        void n04MissingAudienceIsInvalidRequest() {
            Map<String, String> form = request(idToken("agent", "alice"));
            form.remove("audience");
            assertRefused(exchange(form), 400, "invalid_request");
        }

        @Test
        void n05TwoAudiencesAreInvalidRequest() {
            List<String[]> pairs = new ArrayList<>(Kc.toPairs(request(idToken("agent", "alice"))));
            pairs.add(new String[]{"audience", AS_B});
            assertRefused(kc.tokenForm(REALM, "agent", "agent-secret", pairs, Map.of()), 400, "invalid_request");
        }

        @Test
        void missingSubjectTokenTypeIsInvalidRequest() {
            Map<String, String> form = request(idToken("agent", "alice"));
            form.remove("subject_token_type");
            assertRefused(exchange(form), 400, "invalid_request");
        }

        @Test
        void missingSubjectTokenIsInvalidRequest() {
            Map<String, String> form = request("x");
            form.remove("subject_token");
            assertRefused(exchange(form), 400, "invalid_request");
        }

        @Test
        void n18RefreshTokenSubjectIsRefusedWhereTheAppDoesNotAllowIt() {
            Kc.Response login = login("agent", "alice");
            Map<String, String> form = request(login.json().get("refresh_token").asText());
            form.put("subject_token_type", "urn:ietf:params:oauth:token-type:refresh_token");
            Kc.Response response = exchange(form);
            assertRefused(response, 400, "invalid_request");
            assertTrue(response.json().get("error_description").asText().contains("does not accept refresh tokens"),
                    response.toString());
        }

        @Test
        void samlSubjectIsUnsupported() {
            Map<String, String> form = request("PHNhbWw+PC9zYW1sPg");
            form.put("subject_token_type", "urn:ietf:params:oauth:token-type:saml2");
            assertRefused(exchange(form), 400, "invalid_request");
        }

        @Test
        void n21ActorTokenWithoutTypeIsInvalidRequest() {
            assertRefused(aliceExchange(Map.of("actor_token", idToken("agent", "bob"))), 400, "invalid_request");
        }

        @Test
        void actorTokenWithTypeIsRefusedToo() {
            assertRefused(aliceExchange(Map.of("actor_token", idToken("agent", "bob"), "actor_token_type", Kc.ID_TOKEN)),
                    400, "invalid_request");
        }

        @Test
        void n24AuthorizationDetailsAreNotSupported() {
            assertRefused(aliceExchange(Map.of("authorization_details", "[{\"type\":\"x\"")), 400, "invalid_request");
        }

        @Test
        void requestedSubjectIsRefused() {
            assertRefused(aliceExchange(Map.of("requested_subject", "bob")), 400, "invalid_request");
        }
    }

    // ---- subject token (N09–N15, session, user)

    @Nested
    class SubjectToken {

        @Test
        void n09IdTokenIssuedToAnotherClientIsInvalidGrant() {
            assertRefused(exchange(request(idToken("other-app", "alice"))), 400, "invalid_grant");
        }

        @Test
        void n10TamperedSignatureIsInvalidGrant() {
            String[] parts = idToken("agent", "alice").split("\\.");
            String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            assertRefused(exchange(request(tampered)), 400, "invalid_grant");
        }

        @Test
        void n10AlgNoneIsInvalidGrant() {
            String[] parts = idToken("agent", "alice").split("\\.");
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            assertRefused(exchange(request(header + "." + parts[1] + ".")), 400, "invalid_grant");
        }

        @Test
        void n10TokenSignedWithAForeignKeyIsInvalidGrant() throws Exception {
            JsonNode real = Kc.claims(idToken("agent", "alice"));
            RSAKey foreign = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
            real.fields().forEachRemaining(field -> claims.claim(field.getKey(), Kc.JSON.convertValue(field.getValue(), Object.class)));
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).build(), claims.build());
            forged.sign(new RSASSASigner(foreign));
            assertRefused(exchange(request(forged.serialize())), 400, "invalid_grant");
        }

        @Test
        void n11IdTokenOfAnotherRealmIsInvalidGrant() {
            Kc.Response acme = kc.password("acme", "ai-agent", "ai-agent-secret", "alice", "alice", "openid");
            assertEquals(200, acme.status(), acme.toString());
            assertRefused(exchange(request(acme.json().get("id_token").asText())), 400, "invalid_grant");
        }

        @Test
        void n12ExpiredIdTokenIsInvalidGrant() throws Exception {
            String shortLived = idToken("short-lived", "alice");
            JsonNode claims = Kc.claims(shortLived);
            assertEquals(1, claims.get("exp").asLong() - claims.get("iat").asLong(), "the test client's tokens live 1 s");
            Thread.sleep(2_100);
            Map<String, String> form = request(shortLived);
            form.put("audience", AS_B);
            Kc.Response response = exchange("short-lived", form);
            assertRefused(response, 400, "invalid_grant");
        }

        @Test
        void n13AccessTokenLabelledIdTokenIsInvalidGrant() {
            assertRefused(exchange(request(login("agent", "alice").json().get("access_token").asText())), 400, "invalid_grant");
        }

        @Test
        void n14IdJagAsSubjectIsInvalidGrant() {
            Kc.Response issued = aliceExchange(Map.of());
            assertEquals(200, issued.status(), issued.toString());
            assertRefused(exchange(request(issued.json().get("access_token").asText())), 400, "invalid_grant");
        }

        @Test
        void n15RefreshTokenLabelledIdTokenIsInvalidGrant() {
            assertRefused(exchange(request(login("agent", "alice").json().get("refresh_token").asText())), 400, "invalid_grant");
        }

        @Test
        void garbageSubjectTokenIsInvalidGrant() {
            assertRefused(exchange(request("not-a-jwt")), 400, "invalid_grant");
        }

        @Test
        void loggedOutSessionIsInvalidGrant() {
            Kc.Response login = login("agent", "dave");
            String sessionId = Kc.claims(login.json().get("id_token").asText()).get("sid").asText();
            assertEquals(204, kc.admin("DELETE", "/" + REALM + "/sessions/" + sessionId, null).status());
            assertRefused(exchange(request(login.json().get("id_token").asText())), 400, "invalid_grant");
        }

        @Test
        void realmNotBeforePolicyRevokesEarlierIdTokens() throws Exception {
            String idToken = idToken("agent", "alice");
            Thread.sleep(1_100);
            int notBefore = (int) (System.currentTimeMillis() / 1000);
            JsonNode realm = kc.admin("GET", "/" + REALM, null).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("notBefore", notBefore);
            assertEquals(204, kc.admin("PUT", "/" + REALM, realm).status());
            try {
                assertRefused(exchange(request(idToken)), 400, "invalid_grant");
            } finally {
                ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("notBefore", 0);
                assertEquals(204, kc.admin("PUT", "/" + REALM, realm).status());
            }
        }
    }

    // ---- policy (N06–N08, N22, N23, N25)

    @Nested
    class Policy {

        @Test
        void n06UnknownAudienceIsInvalidTarget() {
            assertRefused(aliceExchange(Map.of("audience", "https://unknown.example.com")), 400, "invalid_target");
        }

        @Test
        void n06DisabledResourceAppIsInvalidTarget() {
            assertRefused(aliceExchange(Map.of("audience", AS_OFF)), 400, "invalid_target");
        }

        @Test
        void n07ResourceNotGovernedByTheAudienceIsInvalidTarget() {
            assertRefused(aliceExchange(Map.of("resource", "https://elsewhere.example.com/mcp")), 400, "invalid_target");
        }

        @Test
        void n07ResourceOfTheAppButNotOfTheConnectionIsInvalidTarget() {
            assertRefused(aliceExchange(Map.of("resource", MAIL)), 400, "invalid_target");
        }

        @Test
        void malformedResourceIsInvalidTarget() {
            assertRefused(aliceExchange(Map.of("resource", FILES + "#fragment")), 400, "invalid_target");
        }

        @Test
        void n08NoConnectionForThatAppIsAccessDenied() {
            Map<String, String> form = request(idToken("agent-no-map", "alice"));
            form.put("audience", AS_B);
            assertRefused(exchange("agent-no-map", form), 400, "access_denied");
        }

        @Test
        void n22AllScopesForbiddenIsInvalidScope() {
            assertRefused(aliceExchange(Map.of("scope", "admin delete")), 400, "invalid_scope");
        }

        @Test
        void n23PartlyForbiddenScopesAreNarrowed() throws Exception {
            Kc.Response response = aliceExchange(Map.of("scope", "read admin"));
            assertEquals(200, response.status(), response.toString());
            assertEquals("read", response.json().get("scope").asText());
            assertEquals("read", SignedJWT.parse(response.json().get("access_token").asText()).getJWTClaimsSet().getStringClaim("scope"));
        }

        @Test
        void exactScopesAreGrantedWithoutAScopeMember() throws Exception {
            Kc.Response response = aliceExchange(Map.of("scope", "write read"));
            assertEquals(200, response.status(), response.toString());
            assertFalse(response.json().has("scope"), "scope equals the request, so RFC 8693 lets it be omitted");
            assertEquals(Set.of("read", "write"), Set.of(SignedJWT.parse(response.json().get("access_token").asText())
                    .getJWTClaimsSet().getStringClaim("scope").split(" ")));
        }

        @Test
        void n25UserNotInARequiredGroupIsAccessDenied() {
            assertRefused(exchange(request(idToken("agent", "bob"))), 400, "access_denied");
        }

        @Test
        void memberOfTheRequiredGroupItselfIsAllowed() {
            assertEquals(200, exchange(request(idToken("agent", "dave"))).status());
        }
    }

    // ---- the ID-JAG and the response (N28–N30)

    @Nested
    class IssuedIdJag {

        @Test
        void n30ResponseAndIdJagHaveTheRequiredShape() throws Exception {
            Kc.Response first = aliceExchange(Map.of("resource", FILES, "scope", "read"));
            Kc.Response second = aliceExchange(Map.of("resource", FILES, "scope", "read"));
            assertEquals(200, first.status(), first.toString());
            JsonNode body = first.json();
            assertEquals("N_A", body.get("token_type").asText());
            assertEquals(Kc.ID_JAG, body.get("issued_token_type").asText());
            assertFalse(body.has("refresh_token"));
            assertEquals("no-store", first.header("Cache-Control"));
            assertEquals(FILES, body.get("resource").asText());
            SignedJWT jwt = SignedJWT.parse(body.get("access_token").asText());
            assertEquals(new JOSEObjectType("oauth-id-jag+jwt"), jwt.getHeader().getType());
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertEquals(ALICE_ID, claims.getSubject());
            assertEquals("agent-at-a", claims.getStringClaim("client_id"));
            assertEquals(List.of(AS_A), claims.getAudience());
            assertEquals(kc.issuer(REALM), claims.getIssuer());
            assertEquals(FILES, claims.getStringClaim("resource"));
            assertEquals("alice@xaa-it.example", claims.getStringClaim("email"), "app A asks for email");
            assertNotEquals(claims.getJWTID(), SignedJWT.parse(second.json().get("access_token").asText()).getJWTClaimsSet().getJWTID());
            assertNull(claims.getClaim("cnf"), "no DPoP proof, no cnf");
        }

        @Test
        void idJagNeverOutlivesTheUserSession() throws Exception {
            JsonNode realm = kc.admin("GET", "/" + REALM, null).json();
            int before = realm.get("ssoSessionMaxLifespan").asInt();
            ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("ssoSessionMaxLifespan", 120);
            assertEquals(204, kc.admin("PUT", "/" + REALM, realm).status());
            try {
                Kc.Response response = aliceExchange(Map.of());
                assertEquals(200, response.status(), response.toString());
                int expiresIn = response.json().get("expires_in").asInt();
                assertTrue(expiresIn <= 120 && expiresIn >= 110, "capped by the session's 120 s, was " + expiresIn);
                JWTClaimsSet claims = SignedJWT.parse(response.json().get("access_token").asText()).getJWTClaimsSet();
                assertEquals(expiresIn, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
            } finally {
                ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("ssoSessionMaxLifespan", before);
                assertEquals(204, kc.admin("PUT", "/" + REALM, realm).status());
            }
        }

        @Test
        void n29ValidDpopProofBindsTheIdJag() throws Exception {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            Map<String, String> form = request(idToken("agent", "alice"));
            Kc.Response response = kc.tokenForm(REALM, "agent", "agent-secret", Kc.toPairs(form),
                    Map.of("DPoP", dpopProof(key, "POST", kc.tokenEndpoint(REALM), new Date())));
            assertEquals(200, response.status(), response.toString());
            JWTClaimsSet claims = SignedJWT.parse(response.json().get("access_token").asText()).getJWTClaimsSet();
            assertEquals(Map.of("jkt", key.computeThumbprint().toString()), claims.getJSONObjectClaim("cnf"));
            assertEquals("N_A", response.json().get("token_type").asText(), "the binding is never reported in token_type");
        }

        @Test
        void n28DpopProofWithWrongHtuHtmOrStaleIatIsRefused() throws Exception {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            String endpoint = kc.tokenEndpoint(REALM);
            for (String proof : List.of(
                    dpopProof(key, "POST", "https://elsewhere.example.com/token", new Date()),
                    dpopProof(key, "GET", endpoint, new Date()),
                    dpopProof(key, "POST", endpoint, new Date(System.currentTimeMillis() - 3_600_000)))) {
                Kc.Response response = kc.tokenForm(REALM, "agent", "agent-secret", Kc.toPairs(request(idToken("agent", "alice"))),
                        Map.of("DPoP", proof));
                // Keycloak checks the proof before any grant runs and answers invalid_dpop_proof's case as invalid_request.
                assertRefused(response, 400, "invalid_request");
            }
        }
    }

    static String dpopProof(ECKey key, String method, String uri, Date issuedAt) throws Exception {
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build(),
                new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method).claim("htu", uri)
                        .issueTime(issuedAt).build());
        proof.sign(new ECDSASigner(key));
        return proof.serialize();
    }

    // ---- step-up (N26, N27)

    @Nested
    class StepUp {

        @Test
        void n26AcrBelowTheAppsLevelAsksForStepUpWithAcrValues() {
            Kc.Response response = aliceExchange(Map.of("audience", AS_STRICT));
            assertRefused(response, 400, "insufficient_user_authentication");
            assertEquals("2", response.json().get("acr_values").asText());
            assertFalse(response.json().has("max_age"));
            assertEquals("no-store", response.header("Cache-Control"));
        }

        @Test
        void n26UnprovenAuthenticationAgeAsksForStepUpWithMaxAgeAsANumber() {
            Kc.Response response = aliceExchange(Map.of("audience", AS_FRESH));
            assertRefused(response, 400, "insufficient_user_authentication");
            assertTrue(response.json().get("max_age").isNumber(), response.toString());
            assertEquals(300, response.json().get("max_age").asInt());
            assertFalse(response.json().has("acr_values"));
        }

        @Test
        void aSensitiveScopeAsksForStepUpOnlyWhenRequested() {
            assertEquals(200, aliceExchange(Map.of("audience", AS_SCOPED, "scope", "read")).status());
            Kc.Response response = aliceExchange(Map.of("audience", AS_SCOPED, "scope", "read write"));
            assertRefused(response, 400, "insufficient_user_authentication");
            assertEquals("2 3", response.json().get("acr_values").asText(), "in the configured order of preference");
            assertEquals(600, response.json().get("max_age").asInt());
        }

        @Test
        void aSatisfiedLevelIssuesAndTheIdJagCarriesAcr() throws Exception {
            Kc.Response response = aliceExchange(Map.of("audience", AS_LOW));
            assertEquals(200, response.status(), response.toString());
            assertEquals("1", SignedJWT.parse(response.json().get("access_token").asText()).getJWTClaimsSet().getStringClaim("acr"));
        }

        @Test
        void n27TargetEntitlementAndScopeRefusalsComeBeforeStepUp() {
            assertRefused(aliceExchange(Map.of("audience", AS_STRICT, "resource", "https://elsewhere.example.com/x")), 400, "invalid_target");
            assertRefused(aliceExchange(Map.of("audience", AS_STRICT, "scope", "admin")), 400, "invalid_scope");
            assertRefused(exchangeAs("bob", AS_STRICT), 400, "access_denied");
            assertRefused(aliceExchange(Map.of("audience", "https://unknown.example.com")), 400, "invalid_target");
        }

        Kc.Response exchangeAs(String user, String audience) {
            Map<String, String> form = request(idToken("agent", user));
            form.put("audience", audience);
            return exchange(form);
        }

        @Test
        void stepUpIsAnEventErrorWithTheRequiredAndActualAcr() {
            assertRefused(aliceExchange(Map.of("audience", AS_STRICT)), 400, "insufficient_user_authentication");
            JsonNode events = kc.admin("GET", "/" + REALM + "/events?type=TOKEN_EXCHANGE_ERROR&max=500", null).json();
            boolean found = false;
            for (JsonNode event : events) {
                JsonNode details = event.path("details");
                if (AS_STRICT.equals(details.path("audience").asText()) && "STEP_UP".equals(details.path("xaa_rule").asText())) {
                    assertEquals("insufficient_user_authentication", event.get("error").asText());
                    assertEquals("2", details.get("xaa_acr_required").asText());
                    assertEquals("1", details.get("xaa_acr_actual").asText());
                    found = true;
                }
            }
            assertTrue(found, "a STEP_UP event for the strict app");
        }

        @Test
        void stepUpPoliciesAreValidatedAndRoundTripThroughTheApi() {
            Kc.Response bad = kc.admin("POST", "/" + REALM + "/cross-app-access/resource-apps", Map.of("name", "Bad",
                    "audience", "https://as-bad.example.com", "scopes", List.of("read"), "stepUp", Map.of("acrValues", List.of("gold"))));
            assertEquals(400, bad.status(), bad.toString());
            assertTrue(bad.json().get("errorMessage").asText().contains("ACR value gold"), bad.toString());
            Kc.Response foreignScope = kc.admin("POST", "/" + REALM + "/cross-app-access/resource-apps", Map.of("name", "Bad",
                    "audience", "https://as-bad.example.com", "scopes", List.of("read"),
                    "scopeStepUp", Map.of("write", Map.of("maxAgeSeconds", 60))));
            assertEquals(400, foreignScope.status(), foreignScope.toString());

            JsonNode exported = kc.admin("GET", "/" + REALM + "/cross-app-access/export", null).json();
            JsonNode scopedApp = null;
            for (JsonNode app : exported.get("resourceApps")) {
                if (AS_SCOPED.equals(app.get("audience").asText())) {
                    scopedApp = app;
                }
            }
            assertNotNull(scopedApp);
            assertEquals("[\"2\",\"3\"]", scopedApp.at("/scopeStepUp/write/acrValues").toString());
            assertEquals(600, scopedApp.at("/scopeStepUp/write/maxAgeSeconds").asInt());
        }
    }

    // ---- the policy simulator answers as the grant does (issue 5)

    @Nested
    class Simulator {

        record Variant(String clientId, String user, String audience, String resource, String scope) {
        }

        @Test
        void theSimulatorsAnswerEqualsTheGrantsDecision() throws Exception {
            List<Variant> variants = List.of(
                    new Variant("agent", "alice", AS_A, null, "read"),
                    new Variant("agent", "alice", AS_A, FILES, "read admin"),
                    new Variant("agent", "alice", AS_A, null, null),
                    new Variant("agent", "alice", AS_A, null, "admin"),
                    new Variant("agent", "bob", AS_A, null, "read"),
                    new Variant("agent", "alice", "https://unknown.example.com", null, null),
                    new Variant("agent", "alice", AS_OFF, null, null),
                    new Variant("agent", "alice", AS_A, MAIL, null),
                    new Variant("agent", "alice", AS_A, "https://elsewhere.example.com/x", null),
                    new Variant("agent-no-xaa", "alice", AS_A, null, null),
                    new Variant("agent-no-map", "alice", AS_B, null, null),
                    new Variant("agent", "alice", AS_STRICT, null, null),
                    new Variant("agent", "alice", AS_FRESH, null, null),
                    new Variant("agent", "alice", AS_SCOPED, null, "read"),
                    new Variant("agent", "alice", AS_SCOPED, null, "read write"),
                    new Variant("agent", "alice", AS_LOW, null, null),
                    new Variant("public-agent", "alice", AS_A, null, null));
            Set<String> outcomes = new HashSet<>();
            for (Variant variant : variants) {
                Map<String, String> form = request(idToken(variant.clientId(), variant.user()));
                form.put("audience", variant.audience());
                Map<String, Object> simulation = new LinkedHashMap<>();
                simulation.put("clientId", variant.clientId());
                simulation.put("username", variant.user());
                simulation.put("audience", variant.audience());
                simulation.put("acr", "1");
                if (variant.resource() != null) {
                    form.put("resource", variant.resource());
                    simulation.put("resources", List.of(variant.resource()));
                }
                if (variant.scope() != null) {
                    form.put("scope", variant.scope());
                    simulation.put("scopes", List.of(variant.scope().split(" ")));
                }
                Kc.Response exchanged = variant.clientId().equals("public-agent")
                        ? kc.token(REALM, "public-agent", null, form) : exchange(variant.clientId(), form);
                Kc.Response simulated = kc.admin("POST", "/" + REALM + "/cross-app-access/evaluate", simulation);
                assertEquals(200, simulated.status(), simulated.toString());
                JsonNode result = simulated.json();
                String label = variant + " -> " + exchanged + " / " + result;
                if (exchanged.status() == 200) {
                    assertEquals("ISSUE", result.get("decision").asText(), label);
                    JWTClaimsSet claims = SignedJWT.parse(exchanged.json().get("access_token").asText()).getJWTClaimsSet();
                    String granted = claims.getStringClaim("scope");
                    Set<String> simulatedScopes = new HashSet<>();
                    result.get("grantedScopes").forEach(scope -> simulatedScopes.add(scope.asText()));
                    assertEquals(granted == null ? Set.of() : Set.of(granted.split(" ")), simulatedScopes, label);
                    assertEquals(claims.getStringClaim("client_id"), result.get("clientIdAtResourceApp").asText(), label);
                    outcomes.add("ISSUE");
                } else {
                    assertEquals(exchanged.error(), result.get("error").asText(), label);
                    assertEquals(exchanged.json().get("error_description").asText(), result.get("reason").asText(), label);
                    assertEquals(exchanged.json().path("acr_values").asText(null), result.path("acrValues").asText(null), label);
                    assertEquals(exchanged.json().path("max_age").asText(null), result.path("maxAge").asText(null), label);
                    outcomes.add(result.get("decision").asText() + " " + result.get("error").asText());
                }
            }
            assertEquals(Set.of("ISSUE", "REFUSE invalid_scope", "REFUSE access_denied", "REFUSE invalid_target",
                    "REFUSE unauthorized_client", "REFUSE invalid_client", "STEP_UP insufficient_user_authentication"), outcomes);
        }

        @Test
        void theSimulatorRefusesIncompleteQuestionsAndNeedsViewRights() {
            assertEquals(400, kc.admin("POST", "/" + REALM + "/cross-app-access/evaluate",
                    Map.of("clientId", "nope", "username", "alice", "audience", AS_A)).status());
            assertEquals(400, kc.admin("POST", "/" + REALM + "/cross-app-access/evaluate",
                    Map.of("clientId", "agent", "username", "nobody-here", "audience", AS_A)).status());
            assertEquals(400, kc.admin("POST", "/" + REALM + "/cross-app-access/evaluate",
                    Map.of("clientId", "agent", "username", "alice")).status());
            assertEquals(401, kc.adminAs(null, "POST", "/" + REALM + "/cross-app-access/evaluate",
                    Map.of("clientId", "agent", "username", "alice", "audience", AS_A)).status());
        }
    }

    // ---- revocation, usage, events

    @Nested
    class RevocationAndUsage {

        @Test
        void disablingExpiringAndDeletingAConnectionTakeEffectOnTheNextRequest() {
            Map<String, Object> body = new LinkedHashMap<>(Map.of("clientId", "agent-no-xaa", "resourceAppId", appA,
                    "clientIdAtResourceApp", "revocable", "scopes", List.of("read")));
            String id = kc.createConnection(REALM, body);
            try {
                String idToken = idToken("agent-no-xaa", "bob");
                assertEquals(200, exchange("agent-no-xaa", request(idToken)).status());

                body.put("enabled", false);
                assertEquals(200, kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + id, body).status());
                assertRefused(exchange("agent-no-xaa", request(idToken)), 400, "access_denied");

                body.put("enabled", true);
                body.put("expiresAt", "2020-01-01T00:00:00Z");
                assertEquals(200, kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + id, body).status());
                assertRefused(exchange("agent-no-xaa", request(idToken)), 400, "access_denied");

                body.put("expiresAt", "2099-01-01T00:00:00Z");
                assertEquals(200, kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + id, body).status());
                assertEquals(200, exchange("agent-no-xaa", request(idToken)).status());

                assertEquals(204, kc.admin("DELETE", "/" + REALM + "/cross-app-access/connections/" + id, null).status());
                assertRefused(exchange("agent-no-xaa", request(idToken)), 400, "unauthorized_client");
            } finally {
                // Other tests rely on agent-no-xaa having no connection: never leave one behind.
                kc.admin("DELETE", "/" + REALM + "/cross-app-access/connections/" + id, null);
            }
        }

        @Test
        void concurrentExchangesAreAllCountedWithoutLockErrors() throws Exception {
            long before = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + connectionA, null).json().get("issuedCount").asLong();
            String idToken = idToken("agent", "alice");
            int exchanges = 40;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < exchanges; i++) {
                    statuses.add(pool.submit(() -> exchange(request(idToken)).status()));
                }
                for (Future<Integer> status : statuses) {
                    assertEquals(200, status.get());
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode connection = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + connectionA, null).json();
            assertEquals(before + exchanges, connection.get("issuedCount").asLong());
            assertNotNull(connection.get("lastUsedAt").asText(null));
        }

        @Test
        void foldingOldUsesIntoTheirConnectionLosesAndDoublesNothing() throws Exception {
            String id = kc.createConnection(REALM, Map.of("clientId", "agent-fold", "resourceAppId", appA, "clientIdAtResourceApp", "folded",
                    "scopes", List.of("read")));
            try {
                String idToken = idToken("agent-fold", "bob");
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, exchange("agent-fold", request(idToken)).status());
                }
                JsonNode fresh = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + id, null).json();
                // The test server folds uses older than 2 s every 3 s: the second run from now has seen these.
                long runsBefore = foldRuns();
                long deadline = System.currentTimeMillis() + 30_000;
                while (foldRuns() < runsBefore + 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(500);
                }
                assertTrue(foldRuns() >= runsBefore + 2, "the fold ran twice since the exchanges");
                JsonNode folded = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + id, null).json();
                assertEquals(5, fresh.get("issuedCount").asLong());
                assertEquals(5, folded.get("issuedCount").asLong());
                assertEquals(fresh.get("lastUsedAt").asText(), folded.get("lastUsedAt").asText());
                assertEquals(200, exchange("agent-fold", request(idToken)).status());
                assertEquals(6, kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + id, null).json()
                        .get("issuedCount").asLong(), "folded and recent uses add up");
            } finally {
                assertEquals(204, kc.admin("DELETE", "/" + REALM + "/cross-app-access/connections/" + id, null).status());
            }
        }

        /** Runs of the fold so far: each logs one line at debug level, which the test server enables. */
        long foldRuns() throws java.io.IOException {
            try (var lines = java.nio.file.Files.lines(kc.server().log())) {
                return lines.filter(line -> line.contains("connection uses into their connections")).count();
            }
        }

        @Test
        void everyDecisionIsAKeycloakEventWithItsDetails() throws Exception {
            Kc.Response issued = aliceExchange(Map.of("scope", "read"));
            String jti = SignedJWT.parse(issued.json().get("access_token").asText()).getJWTClaimsSet().getJWTID();
            assertRefused(aliceExchange(Map.of("audience", "https://nope.example.com")), 400, "invalid_target");

            JsonNode events = kc.admin("GET", "/" + REALM + "/events?max=200", null).json();
            Set<String> seen = new HashSet<>();
            for (JsonNode event : events) {
                JsonNode details = event.path("details");
                if (event.get("type").asText().equals("TOKEN_EXCHANGE") && jti.equals(details.path("token_id").asText())) {
                    assertEquals(AS_A, details.get("audience").asText());
                    assertEquals(connectionA, details.get("xaa_connection_id").asText());
                    assertEquals(Kc.ID_JAG, details.get("requested_token_type").asText());
                    assertEquals("alice", details.get("username").asText());
                    seen.add("issued");
                }
                if (event.get("type").asText().equals("TOKEN_EXCHANGE_ERROR")
                        && "https://nope.example.com".equals(details.path("audience").asText())) {
                    assertEquals("invalid_target", event.get("error").asText());
                    assertEquals("UNKNOWN_AUDIENCE", details.get("xaa_rule").asText());
                    assertEquals("audience is not a known resource app", details.get("reason").asText());
                    seen.add("refused");
                }
            }
            assertEquals(Set.of("issued", "refused"), seen);
        }
    }
}
