package io.xaa.keycloak.stepup;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A step-up the realm's map no longer resolves raises nothing at login and is reported, never silently dropped. */
final class StepUpTriggerUnresolvableTest {

    /** The admin removed "mfa" after saving the apps. */
    private static final Map<String, Integer> REALM = Map.of("pwd", 1, "hwk", 3);
    private static final String ADMIN_MCP = "https://mcp.example.com/admin";

    private static final ResourceApp GONE = app("gone", new StepUp(List.of("mfa"), null), Map.of());
    private static final ResourceApp VAULT = app("vault", null, Map.of("write", new StepUp(List.of("hwk"), null)));

    private static ResourceApp app(String name, StepUp stepUp, Map<String, StepUp> scopeStepUp) {
        return new ResourceApp(name, name, "https://as-" + name + ".example.com", List.of(ADMIN_MCP), List.of("write"), 300,
                false, true, stepUp, scopeStepUp, false, false);
    }

    @Test
    void anUnresolvableAppIsReportedAndRaisesNothing() {
        assertEquals(List.of(GONE), StepUpTrigger.unresolvable(List.of(GONE), ADMIN_MCP, Set.of(), REALM));
        assertEquals(OptionalInt.empty(), StepUpTrigger.requiredLevel(List.of(GONE), ADMIN_MCP, Set.of(), REALM));
    }

    @Test
    void otherAppsStillRaiseTheirLevel() {
        List<ResourceApp> apps = List.of(GONE, VAULT);
        assertEquals(List.of(GONE), StepUpTrigger.unresolvable(apps, ADMIN_MCP, Set.of("write"), REALM));
        assertEquals(OptionalInt.of(3), StepUpTrigger.requiredLevel(apps, ADMIN_MCP, Set.of("write"), REALM));
    }

    @Test
    void aResolvableStepUpIsNotReported() {
        assertEquals(List.of(), StepUpTrigger.unresolvable(List.of(GONE), ADMIN_MCP, Set.of(), Map.of("mfa", 2)));
        assertEquals(List.of(), StepUpTrigger.unresolvable(List.of(GONE), "https://elsewhere.example.com", Set.of(), REALM),
                "an app the request does not name");
    }
}
