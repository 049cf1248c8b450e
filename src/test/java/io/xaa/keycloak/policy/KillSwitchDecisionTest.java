package io.xaa.keycloak.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The realm's issuance stop and the per-user block refuse before any connection rule, and only a confidential client gets that far. */
final class KillSwitchDecisionTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ResourceApp APP = new ResourceApp("app-1", "Tool", "https://as.tool.example", List.of(),
            List.of("read"), 120, false, true, null, Map.of(), false, false);
    private static final Connection CONNECTION = new Connection("conn-1", "ai-agent", APP.id(), "tool-client", List.of("read"),
            List.of(), List.of(), true, null, "test", "admin", NOW, "admin", NOW);
    private static final ExchangeRequest.ClientFacts CONFIDENTIAL = new ExchangeRequest.ClientFacts(true, false);

    @Test
    void issuesWhenNeitherSwitchIsOn() {
        assertInstanceOf(Decision.Issue.class, decide(CONFIDENTIAL, valid(false, false)));
    }

    @Test
    void aStoppedRealmRefusesAccessDenied() {
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decide(CONFIDENTIAL, valid(true, false)));
        assertEquals(Refusal.ISSUANCE_STOPPED, refuse.rule());
        assertEquals("access_denied", refuse.rule().error());
        assertEquals(400, refuse.rule().httpStatus());
        assertNull(refuse.connectionId());
    }

    @Test
    void aBlockedUserRefusesAccessDenied() {
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decide(CONFIDENTIAL, valid(false, true)));
        assertEquals(Refusal.USER_BLOCKED, refuse.rule());
        assertEquals("access_denied", refuse.rule().error());
    }

    @Test
    void theRealmStopIsNamedBeforeTheUserBlock() {
        assertEquals(Refusal.ISSUANCE_STOPPED, assertInstanceOf(Decision.Refuse.class, decide(CONFIDENTIAL, valid(true, true))).rule());
    }

    @Test
    void bothSwitchesComeBeforeEveryConnectionRule() {
        Policy nothingConfigured = new Policy(Optional.empty(), Optional.empty(), false, false, true);
        assertEquals(Refusal.USER_BLOCKED, assertInstanceOf(Decision.Refuse.class, decide(CONFIDENTIAL, nothingConfigured)).rule());
        Policy disabledConnection = new Policy(Optional.of(APP), Optional.of(new Connection("conn-1", "ai-agent", APP.id(),
                "tool-client", List.of("read"), List.of(), List.of(), false, null, "test", "admin", NOW, "admin", NOW)), true, true, false);
        assertEquals(Refusal.ISSUANCE_STOPPED, assertInstanceOf(Decision.Refuse.class, decide(CONFIDENTIAL, disabledConnection)).rule());
    }

    @Test
    void theClientRulesStillComeFirst() {
        Decision decision = decide(new ExchangeRequest.ClientFacts(false, false), valid(true, true));
        assertEquals(Refusal.PUBLIC_CLIENT, assertInstanceOf(Decision.Refuse.class, decision).rule());
    }

    private static Policy valid(boolean issuanceStopped, boolean userBlocked) {
        return new Policy(Optional.of(APP), Optional.of(CONNECTION), true, issuanceStopped, userBlocked);
    }

    private static Decision decide(ExchangeRequest.ClientFacts client, Policy policy) {
        ExchangeRequest request = new ExchangeRequest("ai-agent", "user-1", Set.of(), APP.audience(), List.of(), null,
                NOW.plusSeconds(3600), SubjectKind.ID_TOKEN, null, null, Map.of(), Map.of(), client);
        return PolicyDecisionPoint.decide(request, policy, NOW);
    }
}
