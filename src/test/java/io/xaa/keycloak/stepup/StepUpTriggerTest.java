package io.xaa.keycloak.stepup;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class StepUpTriggerTest {

    private static final Map<String, Integer> LOA = Map.of("pwd", 1, "mfa", 2, "hwk", 3);
    private static final String ADMIN_MCP = "https://mcp.example.com/admin";
    private static final String FILES_MCP = "https://mcp.example.com/files";

    private static final ResourceApp ADMIN = app("admin", List.of(ADMIN_MCP), List.of("read"),
            new StepUp(List.of("mfa"), 300), Map.of());
    private static final ResourceApp FILES = app("files", List.of(FILES_MCP), List.of("files:read", "files:write"),
            null, Map.of("files:write", new StepUp(List.of("mfa"), 300)));
    private static final ResourceApp VAULT = app("vault", List.of("https://mcp.example.com/vault"), List.of("files:write"),
            null, Map.of("files:write", new StepUp(List.of("hwk"), null)));
    private static final List<ResourceApp> APPS = List.of(ADMIN, FILES);

    private static ResourceApp app(String name, List<String> resources, List<String> scopes, StepUp stepUp,
                                   Map<String, StepUp> scopeStepUp) {
        return new ResourceApp(name, name, "https://as-" + name + ".example.com", resources, scopes, 300, false, true,
                stepUp, scopeStepUp, false, false);
    }

    private static OptionalInt level(List<ResourceApp> apps, String resource, String scope) {
        return StepUpTrigger.requiredLevel(apps, resource, StepUpTrigger.scopes(scope), LOA);
    }

    @Test
    void aResourceOfAnAppWithStepUpRequiresItsLevel() {
        assertEquals(OptionalInt.of(2), level(APPS, ADMIN_MCP, "openid"));
    }

    @Test
    void aResourceWithoutStepUpRequiresNothing() {
        assertEquals(OptionalInt.empty(), level(APPS, FILES_MCP, "openid files:read"));
    }

    @Test
    void aSensitiveScopeCountsForTheAppOfTheNamedResource() {
        assertEquals(OptionalInt.of(2), level(APPS, FILES_MCP, "openid files:write"));
    }

    @Test
    void aNamedResourceLimitsScopeStepUpsToItsApps() {
        assertEquals(OptionalInt.of(2), level(List.of(FILES, VAULT), FILES_MCP, "openid files:write"),
                "vault's stronger files:write step-up does not apply to a request for the files MCP server");
    }

    @Test
    void anUnknownResourceRequiresNothingEvenWithASensitiveScope() {
        assertEquals(OptionalInt.empty(), level(APPS, "https://elsewhere.example.com/mcp", "openid files:write"));
    }

    @Test
    void withoutAResourceASensitiveScopeOfAnyAppCounts() {
        assertEquals(OptionalInt.of(2), level(APPS, null, "openid files:write"));
    }

    @Test
    void withoutAResourceTheStrongestScopeStepUpWins() {
        assertEquals(OptionalInt.of(3), level(List.of(FILES, VAULT), null, "files:write"));
    }

    @Test
    void withoutAResourceAnAppsOwnStepUpIsNotTriggeredByItsScopes() {
        assertEquals(OptionalInt.empty(), level(APPS, null, "openid read"), "read is offered by admin, whose step-up is app-level");
    }

    @Test
    void nothingSensitiveRequestedRequiresNothing() {
        assertEquals(OptionalInt.empty(), level(APPS, null, "openid files:read"));
        assertEquals(OptionalInt.empty(), level(APPS, null, null));
    }

    @Test
    void freshnessAloneRaisesNoLevel() {
        ResourceApp fresh = app("fresh", List.of(ADMIN_MCP), List.of("read"), new StepUp(List.of(), 60), Map.of());
        assertEquals(OptionalInt.empty(), level(List.of(fresh), ADMIN_MCP, "openid"));
    }

    @Test
    void numericAcrValuesNeedNoMapping() {
        ResourceApp numeric = app("numeric", List.of(ADMIN_MCP), List.of("read"), new StepUp(List.of("3"), null), Map.of());
        assertEquals(OptionalInt.of(3), StepUpTrigger.requiredLevel(List.of(numeric), ADMIN_MCP, Set.of(), Map.of()));
    }

    @Test
    void raisingKeepsAHigherLevelTheClientAskedFor() {
        assertEquals(2, StepUpTrigger.raise(null, 2));
        assertEquals(2, StepUpTrigger.raise("0", 2));
        assertEquals(2, StepUpTrigger.raise("1", 2));
        assertEquals(3, StepUpTrigger.raise("3", 2));
    }

    @Test
    void scopesAreSpaceSeparated() {
        assertEquals(Set.of("openid", "files:write"), StepUpTrigger.scopes("openid  files:write"));
        assertEquals(Set.of(), StepUpTrigger.scopes(null));
        assertEquals(Set.of(), StepUpTrigger.scopes(""));
    }
}
