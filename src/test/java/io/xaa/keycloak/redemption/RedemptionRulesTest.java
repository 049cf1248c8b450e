package io.xaa.keycloak.redemption;

import io.xaa.keycloak.redemption.RedemptionRules.Redeem;
import io.xaa.keycloak.redemption.RedemptionRules.Refuse;
import io.xaa.keycloak.redemption.RedemptionRules.Request;
import io.xaa.keycloak.redemption.RedemptionRules.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedemptionRulesTest {

    static final String SELF = "https://as.example/realms/tools";
    static final String FILES = "https://mcp.example/files";
    static final Settings SETTINGS = new Settings(Duration.ofSeconds(300), true, Set.of(FILES), false);
    static final Request REQUEST = new Request(SELF, "agent", null, null);

    static Map<String, Object> idJag() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://idp.example/realms/acme");
        claims.put("sub", "alice");
        claims.put("aud", SELF);
        claims.put("client_id", "agent");
        claims.put("jti", "j1");
        claims.put("iat", 1_000L);
        claims.put("exp", 1_300L);
        claims.put("resource", FILES);
        claims.put("scope", "files:read files:write");
        return claims;
    }

    static RedemptionRules.Outcome check(Map<String, Object> claims) {
        return RedemptionRules.check("oauth-id-jag+jwt", claims, REQUEST, SETTINGS);
    }

    static String refusal(RedemptionRules.Outcome outcome) {
        Refuse refuse = assertInstanceOf(Refuse.class, outcome);
        return refuse.error() + ": " + refuse.reason();
    }

    @Test
    void aWellFormedIdJagIsRedeemedForItsResourceAndScopes() {
        Redeem redeem = assertInstanceOf(Redeem.class, check(idJag()));
        assertEquals(List.of(FILES), redeem.resources());
        assertEquals(Set.of("files:read", "files:write"), redeem.scopes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"oauth-id-jag+jwt", "OAuth-ID-JAG+JWT", "application/oauth-id-jag+jwt"})
    void theIdJagTypeIsComparedWithoutCaseAndWithItsMediaTypePrefix(String type) {
        assertInstanceOf(Redeem.class, RedemptionRules.check(type, idJag(), REQUEST, SETTINGS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "id-jag", "oauth-id-jag+jwt "})
    void anyOtherTypeIsRefused(String type) {
        assertEquals("invalid_grant: the assertion's typ is not oauth-id-jag+jwt",
                refusal(RedemptionRules.check(type, idJag(), REQUEST, SETTINGS)));
    }

    @Test
    void noTypeIsRefused() {
        assertTrue(refusal(RedemptionRules.check(null, idJag(), REQUEST, SETTINGS)).startsWith("invalid_grant: the assertion's typ"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"typ", "nonce", "at_hash", "c_hash"})
    void anIdTokenOrAccessTokenIsRefusedEvenWithTheRightType(String claim) {
        Map<String, Object> claims = idJag();
        claims.put(claim, "ID");
        assertTrue(refusal(check(claims)).contains("an ID token or access token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "exp", "iat", "jti", "client_id"})
    void everyRequiredClaimIsRequired(String claim) {
        Map<String, Object> claims = idJag();
        claims.remove(claim);
        assertEquals("invalid_grant: the assertion has no " + claim, refusal(check(claims)));
    }

    @Test
    void anAssertionOfThisRealmItselfIsRefused() {
        Map<String, Object> claims = idJag();
        claims.put("iss", SELF);
        assertEquals("invalid_grant: the assertion was issued by this realm itself", refusal(check(claims)));
    }

    @Test
    void theAudienceIsExactlyThisRealmsIssuer() {
        for (Object audience : List.of("https://as.example/realms/other", SELF + "/", SELF + "/protocol/openid-connect/token",
                List.of(SELF, "https://as.example/realms/other"), List.of(), 7)) {
            Map<String, Object> claims = idJag();
            claims.put("aud", audience);
            assertEquals("invalid_grant: the assertion's aud is not exactly this realm's issuer", refusal(check(claims)), audience.toString());
        }
        Map<String, Object> claims = idJag();
        claims.put("aud", List.of(SELF));
        assertInstanceOf(Redeem.class, check(claims));
    }

    @Test
    void theClientIdClaimIsTheAuthenticatedClient() {
        Map<String, Object> claims = idJag();
        claims.put("client_id", "other");
        assertEquals("invalid_grant: the assertion's client_id is not the authenticated client", refusal(check(claims)));
    }

    @Test
    void aLifetimeOverTheMaximumIsRefusedAndTheMaximumItselfAccepted() {
        Map<String, Object> claims = idJag();
        claims.put("exp", 1_301L);
        assertEquals("invalid_grant: the assertion lives longer than 300 s", refusal(check(claims)));
        claims.put("exp", 1_300);
        assertInstanceOf(Redeem.class, check(claims));
        claims.put("iat", "yesterday");
        assertEquals("invalid_grant: the assertion's exp or iat is not a number", refusal(check(claims)));
    }

    @Test
    void everyResourceMustBeServedHere() {
        Map<String, Object> claims = idJag();
        claims.put("resource", List.of(FILES, "https://mcp.example/other"));
        assertEquals("invalid_grant: resource https://mcp.example/other is not served by this realm", refusal(check(claims)));
        claims.put("resource", List.of(FILES, 3));
        assertEquals("invalid_grant: the assertion's resource is neither a string nor a list of strings", refusal(check(claims)));
    }

    @Test
    void aMissingResourceIsRefusedOnlyWhereTheRealmRequiresOne() {
        Map<String, Object> claims = idJag();
        claims.remove("resource");
        assertEquals("invalid_grant: the assertion names no resource", refusal(check(claims)));
        Settings optional = new Settings(Duration.ofSeconds(300), false, Set.of(FILES), false);
        Redeem redeem = assertInstanceOf(Redeem.class, RedemptionRules.check("oauth-id-jag+jwt", claims, REQUEST, optional));
        assertEquals(List.of(), redeem.resources());
    }

    @Test
    void aBoundIdJagNeedsAProofWithItsKey() {
        Map<String, Object> claims = idJag();
        claims.put("cnf", Map.of("jkt", "thumb"));
        assertEquals("invalid_grant: the assertion is bound to a key (cnf.jkt): a DPoP proof is required", refusal(check(claims)));
        assertEquals("invalid_grant: the DPoP proof's key is not the one the assertion is bound to",
                refusal(RedemptionRules.check("oauth-id-jag+jwt", claims, new Request(SELF, "agent", null, "other"), SETTINGS)));
        assertInstanceOf(Redeem.class, RedemptionRules.check("oauth-id-jag+jwt", claims, new Request(SELF, "agent", null, "thumb"), SETTINGS));
    }

    @Test
    void aConfirmationThisRealmCannotCheckIsRefused() {
        Map<String, Object> claims = idJag();
        claims.put("cnf", Map.of("x5t#S256", "cert"));
        assertEquals("invalid_grant: the assertion's cnf has no jkt", refusal(check(claims)));
    }

    @Test
    void aRealmThatRequiresDpopRefusesAnUnboundIdJagWithoutAProof() {
        Settings dpop = new Settings(Duration.ofSeconds(300), true, Set.of(FILES), true);
        assertEquals("invalid_grant: this realm requires a DPoP proof", refusal(RedemptionRules.check("oauth-id-jag+jwt", idJag(), REQUEST, dpop)));
        assertInstanceOf(Redeem.class, RedemptionRules.check("oauth-id-jag+jwt", idJag(), new Request(SELF, "agent", null, "any"), dpop));
    }

    @Test
    void theScopesAreTheIntersectionOfTheRequestsAndTheIdJags() {
        Redeem narrowed = assertInstanceOf(Redeem.class,
                RedemptionRules.check("oauth-id-jag+jwt", idJag(), new Request(SELF, "agent", "files:read admin", null), SETTINGS));
        assertEquals(Set.of("files:read"), narrowed.scopes());
        assertEquals("invalid_scope: none of the requested scopes is in the assertion",
                refusal(RedemptionRules.check("oauth-id-jag+jwt", idJag(), new Request(SELF, "agent", "admin", null), SETTINGS)));
        Map<String, Object> claims = idJag();
        claims.remove("scope");
        assertEquals(Set.of(), assertInstanceOf(Redeem.class, check(claims)).scopes());
    }
}
