package io.xaa.keycloak.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The step-up policies are stored as JSON in length-limited columns: too long must be a 400, never a failed commit. */
final class StepUpColumnLengthTest {

    private static final Map<String, Integer> LOA = Map.of("pwd", 1, "mfa", 2);

    @Test
    @DisplayName("an app-wide step-up policy too long for its column is refused")
    void refusesLongStepUp() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> RegistryRules.checkStepUp(app(new StepUp(levels(300), 300), List.of(), Map.of()), LOA));

        assertEquals(RegistryException.Kind.INVALID, e.kind());
        assertEquals("stepUp is too long (at most 1024 characters as stored)", e.getMessage());
    }

    @Test
    @DisplayName("per-scope step-up policies too long together for their column are refused")
    void refusesLongScopeStepUp() {
        List<String> scopes = IntStream.range(0, 60).mapToObj(i -> "scope-" + i).toList();
        Map<String, StepUp> scopeStepUp = new LinkedHashMap<>();
        scopes.forEach(scope -> scopeStepUp.put(scope, new StepUp(levels(10), 600)));

        RegistryException e = assertThrows(RegistryException.class,
                () -> RegistryRules.checkStepUp(app(null, scopes, scopeStepUp), LOA));

        assertEquals(RegistryException.Kind.INVALID, e.kind());
        assertEquals("scopeStepUp is too long (at most 4000 characters as stored)", e.getMessage());
    }

    @Test
    @DisplayName("policies of ordinary size pass")
    void acceptsOrdinaryPolicies() {
        assertDoesNotThrow(() -> RegistryRules.checkStepUp(
                app(new StepUp(List.of("mfa", "pwd"), 300), List.of("read"), Map.of("read", new StepUp(levels(100), 60))), LOA));
    }

    /** Plain levels are valid ACR values, so a long list needs no realm map. */
    private static List<String> levels(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    private static ResourceApp app(StepUp stepUp, List<String> scopes, Map<String, StepUp> scopeStepUp) {
        return new ResourceApp("id", "App", "https://as.example.com", List.of(), scopes, 60, false, true, stepUp, scopeStepUp, false, false);
    }
}
