package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checklist's authorization-server vectors N31–N58 against Keycloak's own jwt-bearer grant, redeeming ID-JAGs
 * that this test signs with a key the realm's "JWT authorization grant" identity provider trusts. Realm
 * {@value #TEMPLATE} has the ID-JAG redemption template applied ({@code realm-exports/id-jag-redemption-template.json});
 * every vector must get the checklist's answer there. Realm {@value #NATIVE} is the same realm without it: there each
 * vector records Keycloak 26.7.4's own answer, the "native" column of the README's table, so that a Keycloak release
 * that changes it shows up here.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdJagRedemptionIT {

    static final String TEMPLATE = "ras-it";
    static final String NATIVE = "ras-native-it";
    /** The template with "DPoP required" on (N53). */
    static final String DPOP = "ras-dpop-it";
    static final String TRUSTED_ISSUER = "https://idp.ras-it.example/realms/acme";
    static final String FILES = "https://mcp.ras-it.example/files";
    static final String ALICE = "alice-at-acme";
    static final JOSEObjectType ID_JAG = new JOSEObjectType("oauth-id-jag+jwt");

    /** What a vector must get: a status and an OAuth error, or 200 and a check of the response. */
    record Answer(int status, String error) {
        static final Answer ISSUED = new Answer(200, null);
        static final Answer INVALID_GRANT = new Answer(400, "invalid_grant");

        static Answer of(Kc.Response response) {
            return new Answer(response.status(), response.status() == 200 ? null : response.error());
        }

        @Override
        public String toString() {
            return status + (error == null ? "" : " " + error);
        }
    }

    /** One vector: what it sends to a realm, the answer the checklist demands, and Keycloak's own answer. */
    record Vector(String id, String name, Answer expected, Answer keycloak, Redemption redemption) {
    }

    @FunctionalInterface
    interface Redemption {
        Kc.Response redeem(String realm) throws Exception;
    }

    private Kc kc;
    private RSAKey key;
    private RSAKey unknownKey;
    private ECKey dpopKey;
    private ECKey otherDpopKey;
    /** RFC 7638 thumbprint of {@link #dpopKey}: the cnf.jkt of a bound ID-JAG. */
    private String dpopThumbprint;

    @BeforeAll
    void realms(Kc kc) throws Exception {
        this.kc = kc;
        key = new RSAKeyGenerator(2048).keyID("ras-it-key").generate();
        unknownKey = new RSAKeyGenerator(2048).keyID("not-trusted").generate();
        dpopKey = new ECKeyGenerator(Curve.P_256).generate();
        otherDpopKey = new ECKeyGenerator(Curve.P_256).generate();
        dpopThumbprint = dpopKey.computeThumbprint().toString();
        String publicKey = Base64.getEncoder().encodeToString(key.toRSAPublicKey().getEncoded());
        for (String realm : List.of(TEMPLATE, NATIVE, DPOP)) {
            kc.createRealmFromJson(Kc.realmFile("ras-it-realm.json").replace("\"ras-it\"", "\"" + realm + "\"")
                    .replace("@PUBLIC_KEY@", publicKey).replace("@SELF@", kc.issuer(realm)));
        }
        applyTemplate(TEMPLATE, false);
        applyTemplate(DPOP, true);
    }

    /**
     * The realm template as an admin applies it to an existing realm through the admin REST API, the README's five
     * calls: its profiles, its policies, and its client-authentication flow (a copy of "clients" with the
     * invalid_client step first), bound as the realm's.
     */
    private void applyTemplate(String realm, boolean dpopRequired) throws Exception {
        ObjectNode template = (ObjectNode) Kc.JSON.readTree(Files.readString(Path.of(System.getProperty("realm.dir"),
                "id-jag-redemption-template.json")));
        ObjectNode configuration = (ObjectNode) template.at("/clientProfiles/profiles/0/executors/0/configuration");
        ((ArrayNode) configuration.putArray("resources")).add(FILES);
        configuration.put("dpop-required", dpopRequired);
        assertEquals(204, kc.admin("PUT", "/" + realm + "/client-policies/profiles", template.get("clientProfiles").toString()).status());
        assertEquals(204, kc.admin("PUT", "/" + realm + "/client-policies/policies", template.get("clientPolicies").toString()).status());
        String flow = template.get("clientAuthenticationFlow").asText();
        JsonNode refusal = template.at("/authenticationFlows/0/authenticationExecutions/0");
        assertEquals(201, kc.admin("POST", "/" + realm + "/authentication/flows/clients/copy", Map.of("newName", flow)).status());
        assertEquals(201, kc.admin("POST", "/" + realm + "/authentication/flows/" + flow + "/executions/execution",
                Map.of("provider", refusal.get("authenticator").asText(), "priority", refusal.get("priority").asInt())).status());
        assertEquals(204, kc.admin("PUT", "/" + realm, Map.of("clientAuthenticationFlow", flow)).status());
    }

    @TestFactory
    Stream<DynamicTest> withTheTemplateEveryVectorGetsTheChecklistsAnswer() {
        return vectors().stream().map(vector -> DynamicTest.dynamicTest(vector.id() + " " + vector.name(), () -> {
            String realm = vector.id().equals("N53") ? DPOP : TEMPLATE;
            Kc.Response response = vector.redemption().redeem(realm);
            assertEquals(vector.expected(), Answer.of(response), vector.id() + " " + vector.name() + ": " + response);
            if (response.status() == 200) {
                assertIssuedForTheResource(response);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> withoutItKeycloakAnswersAsTheReadmeSays() {
        return vectors().stream().map(vector -> DynamicTest.dynamicTest(vector.id() + " " + vector.name(), () -> {
            Answer answer = Answer.of(vector.redemption().redeem(NATIVE));
            System.out.println("native " + vector.id() + " " + vector.name() + ": " + answer
                    + (answer.equals(vector.expected()) ? "" : " (the checklist: " + vector.expected() + ")"));
            assertEquals(vector.keycloak(), answer, vector.id() + " " + vector.name());
        }));
    }

    /** N56: no refresh token; the access token's audience is exactly the ID-JAG's resource. */
    private void assertIssuedForTheResource(Kc.Response response) {
        JsonNode body = response.json();
        assertFalse(body.has("refresh_token"), "no refresh token for a redeemed ID-JAG");
        JsonNode accessToken = Kc.claims(body.get("access_token").asText());
        assertEquals(FILES, accessToken.get("aud").asText(), "the access token's audience is the ID-JAG's resource: " + accessToken);
        assertTrue(body.has("scope"), "the scope member is present");
    }

    /**
     * N50. The client holds files:read and files:write as default scopes (Keycloak refuses a requested scope the
     * client does not hold, invalid_scope, before any policy runs); the ID-JAG allows files:read only.
     */
    @Test
    void n50TheScopeIsTheIntersectionOfTheRequestsAndTheIdJags() throws Exception {
        Kc.Response narrowed = redeem(TEMPLATE, sign(claims(TEMPLATE, c -> c.put("scope", "files:read")), ID_JAG), "agent",
                "agent-secret", "files:read files:write", null);
        assertEquals(200, narrowed.status(), narrowed.toString());
        assertEquals("files:read", narrowed.json().get("scope").asText(), "the request asked for more than the ID-JAG allows");
        assertEquals("files:read", Kc.claims(narrowed.json().get("access_token").asText()).get("scope").asText());

        Kc.Response unasked = redeem(TEMPLATE, sign(claims(TEMPLATE, c -> c.put("scope", "files:write")), ID_JAG), "agent", "agent-secret", null, null);
        assertEquals(200, unasked.status(), unasked.toString());
        assertEquals("files:write", unasked.json().get("scope").asText(), "without a scope parameter: the ID-JAG's, never the client's defaults");

        Kc.Response disjoint = redeem(TEMPLATE, sign(claims(TEMPLATE, c -> c.put("scope", "files:write")), ID_JAG), "agent", "agent-secret",
                "files:read", null);
        assertEquals(new Answer(400, "invalid_scope"), Answer.of(disjoint), disjoint.toString());

        Kc.Response keycloak = redeem(NATIVE, sign(claims(NATIVE, c -> c.put("scope", "files:read")), ID_JAG), "agent", "agent-secret",
                "files:read files:write", null);
        assertEquals(200, keycloak.status(), keycloak.toString());
        assertEquals(Set.of("files:read", "files:write"), Set.of(keycloak.json().get("scope").asText().split(" ")),
                "Keycloak alone grants what the client holds");
    }

    /**
     * N41 with client_secret_post, and what the template's client-authentication step leaves to Keycloak: the right
     * secret authenticates as before, and an unknown client is Keycloak's own 401 invalid_client in both realms.
     */
    @Test
    void n41TheClientAuthenticationStepRefusesOnlyAFailedSecret() throws Exception {
        for (String realm : List.of(TEMPLATE, NATIVE)) {
            Kc.Response right = redeemPosting(realm, "agent", "agent-secret");
            assertEquals(200, right.status(), realm + ": " + right);
            Kc.Response unknown = redeemPosting(realm, "nobody", "agent-secret");
            assertEquals(new Answer(401, "invalid_client"), Answer.of(unknown), realm + ": " + unknown);
            Kc.Response wrong = redeemPosting(realm, "agent", "wrong");
            assertEquals(new Answer(401, realm.equals(TEMPLATE) ? "invalid_client" : "unauthorized_client"), Answer.of(wrong),
                    realm + ": " + wrong);
            assertFalse(wrong.body().contains("access_token"), wrong.toString());
        }
    }

    /**
     * The template's step judges secrets only: a client that signs a JWT (client_secret_jwt) is Keycloak's alone, in
     * both realms. Its client assertion is single-use, so no step can check it before Keycloak does; a wrong one keeps
     * Keycloak's 400 unauthorized_client (the README lists it).
     */
    @Test
    void n41AClientThatSignsAJwtIsLeftToKeycloak() throws Exception {
        for (String realm : List.of(TEMPLATE, NATIVE)) {
            Kc.Response right = redeemSigning(realm, "jwt-agent-secret-of-thirty-two-bytes-or-more");
            assertEquals(200, right.status(), realm + ": " + right);
            Kc.Response wrong = redeemSigning(realm, "another-secret-of-thirty-two-bytes-or-more");
            assertEquals(new Answer(400, "unauthorized_client"), Answer.of(wrong), realm + ": " + wrong);
            assertFalse(wrong.body().contains("access_token"), wrong.toString());
        }
    }

    /** A well-formed ID-JAG for jwt-agent, which authenticates with an HS256 client assertion keyed by {@code secret}. */
    private Kc.Response redeemSigning(String realm, String secret) throws Exception {
        SignedJWT clientAssertion = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer("jwt-agent").subject("jwt-agent").audience(kc.tokenEndpoint(realm)).jwtID(UUID.randomUUID().toString())
                .issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 60_000)).build());
        clientAssertion.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = redemption(sign(claims(realm, c -> c.put("client_id", "jwt-agent")), ID_JAG));
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", clientAssertion.serialize());
        return kc.tokenForm(realm, null, null, Kc.toPairs(form), Map.of());
    }

    /** A well-formed ID-JAG, the client authenticating with client_secret_post. */
    private Kc.Response redeemPosting(String realm, String clientId, String secret) throws Exception {
        Map<String, String> form = redemption(sign(claims(realm, c -> { }), ID_JAG));
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return kc.tokenForm(realm, null, null, Kc.toPairs(form), Map.of());
    }

    /** N51: an ID-JAG bound to a key, redeemed with that key's DPoP proof, gives an access token bound to the same key. */
    @Test
    void n51ABoundIdJagGivesAnAccessTokenBoundToTheSameKey() throws Exception {
        Kc.Response bound = redeem(TEMPLATE, sign(claims(TEMPLATE, c -> c.put("cnf", Map.of("jkt", dpopThumbprint))), ID_JAG),
                "agent", "agent-secret", null, dpopProof(dpopKey, TEMPLATE));
        assertEquals(200, bound.status(), bound.toString());
        assertEquals("DPoP", bound.json().get("token_type").asText(), bound.toString());
        assertEquals(dpopThumbprint, Kc.claims(bound.json().get("access_token").asText()).at("/cnf/jkt").asText());
    }

    @Test
    void n47AConcurrentDoubleRedemptionIssuesExactlyOnce() throws Exception {
        String assertion = sign(claims(TEMPLATE, c -> { }), ID_JAG);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Kc.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Kc.Response> redemption = () -> {
                    start.await();
                    return redeem(TEMPLATE, assertion, "agent", "agent-secret", null, null);
                };
                answers.add(pool.submit(redemption));
            }
            start.countDown();
            int issued = 0;
            for (Future<Kc.Response> answer : answers) {
                Kc.Response response = answer.get();
                if (response.status() == 200) {
                    issued++;
                } else {
                    assertEquals(Answer.INVALID_GRANT, Answer.of(response), response.toString());
                }
            }
            assertEquals(1, issued, "one of four simultaneous redemptions of one ID-JAG");
        } finally {
            pool.shutdownNow();
        }
    }

    /** N57, N58: the template realm advertises the id-jag profile with the jwt-bearer grant, and no issuer it trusts. */
    @Test
    void n57N58TheMetadataAdvertisesTheProfileAndNoTrustedIssuer() {
        for (String realm : List.of(TEMPLATE, NATIVE)) {
            Kc.Response metadata = kc.get(kc.baseUrl() + "/.well-known/oauth-authorization-server/realms/" + realm);
            assertEquals(200, metadata.status(), metadata.toString());
            JsonNode document = metadata.json();
            List<String> grants = new ArrayList<>();
            document.get("grant_types_supported").forEach(grant -> grants.add(grant.asText()));
            assertTrue(grants.contains(DemoScenario.JWT_BEARER), realm + ": " + grants);
            JsonNode profiles = document.path("authorization_grant_profiles_supported");
            if (realm.equals(TEMPLATE)) {
                assertEquals("[\"urn:ietf:params:oauth:grant-profile:id-jag\"]", profiles.toString());
            } else {
                assertTrue(profiles.isMissingNode(), "a realm without the template promises no profile: " + profiles);
            }
            assertFalse(metadata.body().contains(TRUSTED_ISSUER), realm + "'s metadata names a trusted issuer");
        }
    }

    private List<Vector> vectors() {
        Answer invalidClient = new Answer(401, "invalid_client");
        // Keycloak's client authentication answers before any grant or policy runs (RFC 6749 §5.2 says invalid_client).
        Answer keycloakClientRefusal = new Answer(401, "unauthorized_client");
        return List.of(
                vector("N31", "typ missing", Answer.INVALID_GRANT, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> { }), null))),
                vector("N31", "typ JWT", Answer.INVALID_GRANT, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> { }), JOSEObjectType.JWT))),
                vector("N31", "typ at+jwt", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> { }), new JOSEObjectType("at+jwt")))),
                vector("N32", "an ID token as the assertion", Answer.INVALID_GRANT, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> {
                    c.put("typ", "ID");
                    c.put("azp", "agent");
                    c.put("nonce", "n-0S6_WzA2Mj");
                }), JOSEObjectType.JWT))),
                vector("N32", "an ID-token-shaped JWT typed as an ID-JAG", Answer.INVALID_GRANT, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> {
                    c.put("typ", "ID");
                    c.put("nonce", "n-0S6_WzA2Mj");
                }), ID_JAG))),
                vector("N33", "signature invalid", Answer.INVALID_GRANT, Answer.INVALID_GRANT, realm -> {
                    String jws = sign(claims(realm, c -> { }), ID_JAG);
                    return send(realm, jws.substring(0, jws.length() - 4) + (jws.endsWith("AAAA") ? "BBBB" : "AAAA"));
                }),
                vector("N33", "alg none", Answer.INVALID_GRANT, Answer.INVALID_GRANT, realm -> send(realm, new PlainJWT(
                        new PlainHeader.Builder().type(ID_JAG).build(), JWTClaimsSet.parse(claims(realm, c -> { }))).serialize())),
                vector("N33", "HS256 keyed with the public key", Answer.INVALID_GRANT, Answer.INVALID_GRANT, realm -> {
                    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(ID_JAG).keyID(key.getKeyID()).build(),
                            JWTClaimsSet.parse(claims(realm, c -> { })));
                    jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
                    return send(realm, jwt.serialize());
                }),
                vector("N33", "unknown kid", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(unknownKey, claims(realm, c -> { }), ID_JAG))),
                vector("N34", "iss not a trusted issuer", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("iss", "https://idp.elsewhere.example")), ID_JAG))),
                vector("N35", "iss is this realm itself", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> c.put("iss", kc.issuer(realm))), ID_JAG))),
                vector("N36", "aud another authorization server", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("aud", kc.issuer("master"))), ID_JAG))),
                vector("N37", "aud two values including this realm", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("aud", List.of(kc.issuer(realm), kc.issuer("master")))), ID_JAG))),
                vector("N38", "aud the token endpoint", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> c.put("aud", kc.tokenEndpoint(realm))), ID_JAG))),
                vector("N39", "aud with a trailing slash", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("aud", kc.issuer(realm) + "/")), ID_JAG))),
                vector("N40", "client_id another client", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("client_id", "other-agent")), ID_JAG))),
                vector("N41", "no client credentials", invalidClient, keycloakClientRefusal,
                        realm -> redeem(realm, sign(claims(realm, c -> { }), ID_JAG), "agent", null, null, null)),
                vector("N41", "wrong client secret", invalidClient, keycloakClientRefusal,
                        realm -> redeem(realm, sign(claims(realm, c -> { }), ID_JAG), "agent", "wrong", null, null)),
                vector("N42", "exp in the past", Answer.INVALID_GRANT, Answer.INVALID_GRANT, realm -> send(realm, sign(claims(realm, c -> {
                    c.put("iat", now() - 600);
                    c.put("exp", now() - 300);
                }), ID_JAG))),
                vector("N43", "exp − iat of an hour", Answer.INVALID_GRANT, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> {
                    c.put("iat", now() - 3300);
                    c.put("exp", now() + 300);
                }), ID_JAG))),
                vector("N44", "nbf in the future", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("nbf", now() + 600)), ID_JAG))),
                missing("jti", Answer.INVALID_GRANT),
                missing("iat", Answer.INVALID_GRANT),
                missing("exp", Answer.INVALID_GRANT),
                missing("sub", Answer.INVALID_GRANT),
                missing("client_id", Answer.INVALID_GRANT),
                missing("iss", Answer.INVALID_GRANT),
                missing("aud", Answer.INVALID_GRANT),
                vector("N46", "the same ID-JAG twice", Answer.INVALID_GRANT, Answer.INVALID_GRANT, realm -> {
                    String assertion = sign(claims(realm, c -> { }), ID_JAG);
                    assertEquals(200, send(realm, assertion).status(), "the first redemption");
                    return send(realm, assertion);
                }),
                vector("N48", "resource not served by this realm", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> c.put("resource", "https://mcp.elsewhere.example/files")), ID_JAG))),
                vector("N49", "no resource", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> c.remove("resource")), ID_JAG))),
                vector("N51", "cnf.jkt without a DPoP proof", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> c.put("cnf", Map.of("jkt", dpopThumbprint))), ID_JAG))),
                vector("N51", "cnf.jkt with its DPoP proof", Answer.ISSUED, Answer.ISSUED,
                        realm -> redeem(realm, sign(claims(realm, c -> c.put("cnf", Map.of("jkt", dpopThumbprint))), ID_JAG),
                                "agent", "agent-secret", null, dpopProof(dpopKey, realm))),
                vector("N52", "cnf.jkt of another key than the DPoP proof's", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> redeem(realm, sign(claims(realm, c -> c.put("cnf", Map.of("jkt", dpopThumbprint))), ID_JAG),
                                "agent", "agent-secret", null, dpopProof(otherDpopKey, realm))),
                vector("N53", "DPoP required, no cnf, no proof", Answer.INVALID_GRANT, Answer.ISSUED,
                        realm -> send(realm, sign(claims(realm, c -> { }), ID_JAG))),
                vector("N54", "a subject no account is linked to", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> c.put("sub", "mallory-at-acme")), ID_JAG))),
                vector("N55", "a sub_id naming a linked account never decides", Answer.INVALID_GRANT, Answer.INVALID_GRANT,
                        realm -> send(realm, sign(claims(realm, c -> {
                            c.put("sub", "mallory-at-acme");
                            c.put("sub_id", Map.of("format", "iss_sub", "iss", TRUSTED_ISSUER, "sub", ALICE));
                        }), ID_JAG))),
                vector("N56", "a well-formed ID-JAG", Answer.ISSUED, Answer.ISSUED, realm -> send(realm, sign(claims(realm, c -> { }), ID_JAG))));
    }

    private static Vector vector(String id, String name, Answer expected, Answer keycloak, Redemption redemption) {
        return new Vector(id, name, expected, keycloak, redemption);
    }

    private Vector missing(String claim, Answer keycloak) {
        return vector("N45", "no " + claim, Answer.INVALID_GRANT, keycloak, realm -> send(realm, sign(claims(realm, c -> c.remove(claim)), ID_JAG)));
    }

    /** A well-formed ID-JAG for alice at {@code realm}, as the trusted IdP issues it, then changed by {@code change}. */
    private Map<String, Object> claims(String realm, Consumer<Map<String, Object>> change) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", TRUSTED_ISSUER);
        claims.put("sub", ALICE);
        claims.put("aud", kc.issuer(realm));
        claims.put("client_id", "agent");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", now());
        claims.put("exp", now() + 300);
        claims.put("resource", FILES);
        claims.put("scope", "files:read files:write");
        change.accept(claims);
        return claims;
    }

    private String sign(Map<String, Object> claims, JOSEObjectType type) throws Exception {
        return sign(key, claims, type);
    }

    private static String sign(RSAKey signer, Map<String, Object> claims, JOSEObjectType type) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(type).keyID(signer.getKeyID()).build(),
                JWTClaimsSet.parse(claims));
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private Kc.Response send(String realm, String assertion) {
        return redeem(realm, assertion, "agent", "agent-secret", null, null);
    }

    private Kc.Response redeem(String realm, String assertion, String clientId, String secret, String scope, String dpop) {
        Map<String, String> form = redemption(assertion);
        if (scope != null) {
            form.put("scope", scope);
        }
        return kc.tokenForm(realm, clientId, secret, Kc.toPairs(form), dpop == null ? Map.of() : Map.of("DPoP", dpop));
    }

    /** A jwt-bearer request for this assertion; the caller adds how the client authenticates and what else it sends. */
    private static Map<String, String> redemption(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DemoScenario.JWT_BEARER);
        form.put("assertion", assertion);
        return form;
    }

    private String dpopProof(ECKey signer, String realm) throws Exception {
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(signer.toPublicJWK()).build(), new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", kc.tokenEndpoint(realm)).issueTime(new Date()).build());
        proof.sign(new ECDSASigner(signer));
        return proof.serialize();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
