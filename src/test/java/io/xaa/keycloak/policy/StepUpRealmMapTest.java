package io.xaa.keycloak.policy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The realm's ACR-to-LoA map is the one authority for what a step-up requires; a required ACR it does not
 * resolve refuses; a token's acr proves no more than the client's map, with which Keycloak named it, says.
 */
final class StepUpRealmMapTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Map<String, Integer> REALM = Map.of("pwd", 1, "mfa", 2, "phr", 3);
    /** A requesting client's own map that lacks "mfa", as in the security review. */
    private static final Map<String, Integer> CLIENT_WITHOUT_MFA = Map.of("pwd", 1, "gold", 2);
    private static final StepUp MFA = new StepUp(List.of("mfa"), null);

    @Test
    @DisplayName("a client map without the required ACR neither drops nor lowers the realm's level")
    void clientMapCannotDropTheRequirement() {
        Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class, decide(app(MFA, Map.of()), "pwd", REALM, CLIENT_WITHOUT_MFA));
        assertEquals(2, stepUp.requirement().level());
        assertEquals(List.of("mfa"), stepUp.requirement().acrValues());
        assertInstanceOf(Decision.StepUp.class, decide(app(MFA, Map.of()), "gold", REALM, CLIENT_WITHOUT_MFA),
                "the client's name for level 2 means nothing to the realm");
    }

    @Test
    @DisplayName("a required ACR the realm's map does not resolve refuses, whatever the user's acr")
    void unresolvableRequirementRefuses() {
        Map<String, Integer> realmWithoutMfa = Map.of("pwd", 1, "phr", 3);
        for (String acr : List.of("pwd", "mfa", "phr", "3")) {
            Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decide(app(MFA, Map.of()), acr, realmWithoutMfa, realmWithoutMfa), acr);
            assertEquals(Refusal.STEP_UP_UNRESOLVABLE, refuse.rule());
            assertEquals("access_denied", refuse.rule().error());
            assertEquals("connection-1", refuse.connectionId());
        }
    }

    @Test
    @DisplayName("an unresolvable step-up refuses also next to a resolvable one and also when only max age came along")
    void unresolvableNextToOthersRefuses() {
        Map<String, Integer> realmWithoutMfa = Map.of("pwd", 1, "phr", 3);
        ResourceApp app = app(new StepUp(List.of("mfa"), 300), Map.of("write", new StepUp(List.of("phr"), null)));
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decide(app, "phr", realmWithoutMfa, realmWithoutMfa));
        assertEquals(Refusal.STEP_UP_UNRESOLVABLE, refuse.rule());
    }

    @Test
    @DisplayName("an unresolvable scope step-up refuses only when that scope is granted")
    void unresolvableScopeStepUp() {
        ResourceApp app = app(null, Map.of("write", new StepUp(List.of("gone"), null)));
        assertInstanceOf(Decision.Issue.class, decide(app, "pwd", REALM, REALM, Set.of("read")));
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decide(app, "phr", REALM, REALM, Set.of("read", "write")));
        assertEquals(Refusal.STEP_UP_UNRESOLVABLE, refuse.rule());
    }

    @Test
    @DisplayName("partly resolvable ACR values use the ones that resolve, as before")
    void partialResolutionUsesResolvableValues() {
        ResourceApp app = app(new StepUp(List.of("gone", "mfa"), null), Map.of());
        Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class, decide(app, "pwd", REALM, REALM));
        assertEquals(2, stepUp.requirement().level());
        assertEquals(List.of("gone", "mfa"), stepUp.requirement().acrValues());
        assertInstanceOf(Decision.Issue.class, decide(app, "mfa", REALM, REALM));
    }

    @Test
    @DisplayName("a name the client maps lower than the realm proves only the lower level")
    void clientNamingBoundsTheAchievedLevel() {
        assertInstanceOf(Decision.StepUp.class, decide(app(MFA, Map.of()), "mfa", REALM, Map.of("mfa", 1)));
        assertInstanceOf(Decision.Issue.class, decide(app(MFA, Map.of()), "mfa", REALM, REALM), "no own client map: the realm's names");
        assertInstanceOf(Decision.Issue.class, decide(app(MFA, Map.of()), "2", REALM, CLIENT_WITHOUT_MFA), "a level number is itself");
        assertInstanceOf(Decision.StepUp.class, decide(app(MFA, Map.of()), "mfa", REALM, CLIENT_WITHOUT_MFA),
                "a name the client's map does not know proves nothing");
    }

    @Test
    void requirementKeepsWhatItCannotResolve() {
        StepUpRequirement requirement = StepUpRequirement.of(app(MFA, Map.of()), Set.of(), Map.of("pwd", 1)).orElseThrow();
        assertFalse(requirement.resolvable());
        assertEquals(List.of("mfa"), requirement.unresolvedAcrValues());
        assertNull(requirement.level());
        assertTrue(StepUpRequirement.of(app(MFA, Map.of()), Set.of(), REALM).orElseThrow().resolvable());
        assertEquals(Optional.empty(), StepUpRequirement.of(app(new StepUp(List.of(), null), Map.of()), Set.of(), REALM));
    }

    @Test
    void achievedLevelIsTheLowerOfBothReadings() {
        assertEquals(1, StepUpRequirement.achievedLevel("mfa", REALM, Map.of("mfa", 1)));
        assertEquals(2, StepUpRequirement.achievedLevel("mfa", REALM, REALM));
        assertEquals(1, StepUpRequirement.achievedLevel("pwd", REALM, Map.of("pwd", 3)));
        assertNull(StepUpRequirement.achievedLevel("gold", REALM, CLIENT_WITHOUT_MFA));
        assertNull(StepUpRequirement.achievedLevel(null, REALM, REALM));
    }

    private static ResourceApp app(StepUp stepUp, Map<String, StepUp> scopeStepUp) {
        return new ResourceApp("app-1", "Tool", "https://as.tool.example", List.of(), List.of("read", "write"),
                300, false, true, stepUp, scopeStepUp, false, false);
    }

    private static Decision decide(ResourceApp app, String acr, Map<String, Integer> realmMap, Map<String, Integer> clientMap) {
        return decide(app, acr, realmMap, clientMap, null);
    }

    private static Decision decide(ResourceApp app, String acr, Map<String, Integer> realmMap, Map<String, Integer> clientMap,
                                   Set<String> scopes) {
        Connection connection = new Connection("connection-1", "ai-agent", app.id(), "agent-at-tool", List.of("read", "write"),
                List.of(), List.of(), true, null, "test", "admin", NOW.minusSeconds(86400), "admin", NOW.minusSeconds(86400));
        ExchangeRequest request = new ExchangeRequest("ai-agent", "user-1", Set.of(), app.audience(), List.of(), scopes,
                NOW.plusSeconds(3600), SubjectKind.ID_TOKEN, acr, NOW.minusSeconds(60).getEpochSecond(), realmMap, clientMap,
                new ExchangeRequest.ClientFacts(true, false));
        return PolicyDecisionPoint.decide(request, new Policy(Optional.of(app), Optional.of(connection), true, false, false), NOW);
    }
}
