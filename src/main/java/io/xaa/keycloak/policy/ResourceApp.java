package io.xaa.keycloak.policy;

import java.util.List;
import java.util.Map;

/**
 * A tool's authorization server that accepts ID-JAGs from this realm. {@code audience} is its issuer
 * identifier; {@code resources} are the RFC 8707 identifiers of the MCP servers it governs.
 * {@code stepUp} (nullable) applies to every request for the app, {@code scopeStepUp} only to requests
 * granted that scope.
 */
public record ResourceApp(
        String id,
        String name,
        String audience,
        List<String> resources,
        List<String> scopes,
        int idJagLifetimeSeconds,
        boolean includeEmail,
        boolean enabled,
        StepUp stepUp,
        Map<String, StepUp> scopeStepUp) {

    public static final int MAX_LIFETIME_SECONDS = 300;

    public ResourceApp {
        resources = List.copyOf(resources);
        scopes = List.copyOf(scopes);
        scopeStepUp = scopeStepUp == null ? Map.of() : Map.copyOf(scopeStepUp);
    }
}
