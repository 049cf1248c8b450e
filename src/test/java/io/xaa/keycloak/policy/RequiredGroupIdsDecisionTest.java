package io.xaa.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Required groups are group ids; the exchange passes the ids of the user's groups and all their ancestors.
 * A path never takes part, so what a group is called cannot decide who passes.
 */
final class RequiredGroupIdsDecisionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final String ENG = "3f2c1a9e-0000-4000-a000-000000000e00";
    private static final String ENG_AI = "3f2c1a9e-0000-4000-a000-000000000a10";
    private static final String OPS = "3f2c1a9e-0000-4000-a000-00000000005a";
    private static final String OPS_RECREATED = "9b7d5e11-0000-4000-a000-00000000005b";
    private static final String UNRESOLVED = "xaa-migration:no-single-group-at-path:/eng";

    @Test
    @DisplayName("a member of a subgroup passes through the ancestor ids the caller adds")
    void subgroupMemberPasses() {
        assertInstanceOf(Decision.Issue.class, decide(List.of(ENG), Set.of(ENG_AI, ENG)));
    }

    @Test
    @DisplayName("the parent does not pass for a required subgroup")
    void parentDoesNotPassForSubgroup() {
        assertGroupRequired(decide(List.of(ENG_AI), Set.of(ENG)));
    }

    @Test
    @DisplayName("a group re-created at the same path is another group, so its members are refused")
    void recreatedGroupIsRefused() {
        assertGroupRequired(decide(List.of(OPS), Set.of(OPS_RECREATED)));
    }

    @Test
    @DisplayName("a path given as the user's group never matches a required id, whatever it spells")
    void pathsNeverMatchIds() {
        assertGroupRequired(decide(List.of(ENG), Set.of("/eng")));
    }

    @Test
    @DisplayName("when every required group was deleted or never resolved, nobody passes (never 'anyone')")
    void allRequiredGroupsGoneRefusesEveryone() {
        assertGroupRequired(decide(List.of(OPS, UNRESOLVED), Set.of(ENG, ENG_AI, OPS_RECREATED)));
        assertGroupRequired(decide(List.of(UNRESOLVED), Set.of()));
    }

    @Test
    @DisplayName("a deleted required group does not block a user in another required group")
    void remainingRequiredGroupStillPasses() {
        assertInstanceOf(Decision.Issue.class, decide(List.of(OPS, ENG), Set.of(ENG)));
    }

    private static void assertGroupRequired(Decision decision) {
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decision);
        assertEquals(Refusal.GROUP_REQUIRED, refuse.rule());
    }

    private static Decision decide(List<String> requiredGroupIds, Set<String> userGroupIds) {
        ResourceApp app = new ResourceApp("app-1", "Tool", "https://as.tool.example", List.of(), List.of("read"),
                120, false, true, null, Map.of(), false, false);
        Connection connection = new Connection("conn-1", "ai-agent", app.id(), "tool-client", List.of("read"), List.of(),
                requiredGroupIds, true, null, null, "admin", NOW, "admin", NOW);
        ExchangeRequest request = new ExchangeRequest("ai-agent", "user-1", userGroupIds, app.audience(), List.of(), null,
                NOW.plusSeconds(3600), SubjectKind.ID_TOKEN, "1", null, Map.of("1", 1), Map.of(), new ExchangeRequest.ClientFacts(true, false));
        return PolicyDecisionPoint.decide(request, new Policy(Optional.of(app), Optional.of(connection), true, false, false), NOW);
    }
}
