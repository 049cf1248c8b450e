package io.xaa.keycloak.policy;

import java.util.List;
import java.util.Map;

/**
 * A tool's authorization server that accepts ID-JAGs from this realm. {@code audience} is its issuer
 * identifier; {@code resources} are the RFC 8707 identifiers of the MCP servers it governs.
 * {@code stepUp} (nullable) applies to every request for the app, {@code scopeStepUp} only to requests
 * granted that scope. An ID token is always accepted as the subject; a refresh token of an online session
 * ({@code allowRefreshTokenSubject}) or of an offline session ({@code allowOfflineTokenSubject}) only when allowed,
 * because it lets an agent act for the user long after the user last signed in.
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
        Map<String, StepUp> scopeStepUp,
        boolean allowRefreshTokenSubject,
        boolean allowOfflineTokenSubject) {

    public static final int MAX_LIFETIME_SECONDS = 300;

    public ResourceApp {
        resources = List.copyOf(resources);
        scopes = List.copyOf(scopes);
        scopeStepUp = scopeStepUp == null ? Map.of() : Map.copyOf(scopeStepUp);
    }

    public boolean accepts(SubjectKind kind) {
        return switch (kind) {
            case ID_TOKEN -> true;
            case REFRESH_TOKEN -> allowRefreshTokenSubject;
            case OFFLINE_TOKEN -> allowOfflineTokenSubject;
        };
    }
}
