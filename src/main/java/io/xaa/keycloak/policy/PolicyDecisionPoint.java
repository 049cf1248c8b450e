package io.xaa.keycloak.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides whether a client may obtain an ID-JAG. The token exchange and the admin
 * simulator both call it; it sees no Keycloak type, so every rule is unit-tested without a server.
 * Deny by default: an ID-JAG is issued only when every rule below passes, in this order.
 */
public final class PolicyDecisionPoint {

    private PolicyDecisionPoint() {
    }

    public static Decision decide(ExchangeRequest request, Policy policy, Instant now) {
        Optional<Refusal> early = checkBeforeSubjectSession(request.client(), request.subjectKind(), policy);
        if (early.isPresent()) {
            return refuse(early.get(), null);
        }
        ResourceApp app = policy.resourceApp().get();
        if (!app.resources().containsAll(request.resources())) {
            return refuse(Refusal.RESOURCE_NOT_GOVERNED, null);
        }
        if (policy.connection().isEmpty()) {
            return refuse(Refusal.NO_CONNECTION, null);
        }
        Connection connection = policy.connection().get();
        if (!connection.enabled()) {
            return refuse(Refusal.CONNECTION_DISABLED, connection.id());
        }
        if (connection.expiredAt(now)) {
            return refuse(Refusal.CONNECTION_EXPIRED, connection.id());
        }
        // Intersected with the app: a connection never grants a resource its audience no longer governs, and one
        // whose every resource left the app allows nothing rather than falling back to all of the app's.
        List<String> allowedResources = connection.resources().isEmpty()
                ? app.resources()
                : connection.resources().stream().filter(app.resources()::contains).toList();
        if (!allowedResources.containsAll(request.resources())
                || (allowedResources.isEmpty() && !connection.resources().isEmpty())) {
            return refuse(Refusal.RESOURCE_NOT_ALLOWED, connection.id());
        }
        if (!inRequiredGroup(request.userGroupIds(), connection.requiredGroups())) {
            return refuse(Refusal.GROUP_REQUIRED, connection.id());
        }
        ScopeNarrowing scopes = ScopeNarrowing.of(app, connection, request.requestedScopes());
        List<String> grantedScopes = scopes.granted();
        if (grantedScopes.isEmpty() && request.requestedScopes() != null && !request.requestedScopes().isEmpty()) {
            return new Decision.Refuse(Refusal.NO_SCOPE_ALLOWED, connection.id(), scopes.dropped());
        }
        Optional<StepUpRequirement> stepUp = StepUpRequirement.of(app, grantedScopes, request.acrLoaMap());
        if (stepUp.isPresent()) {
            if (!stepUp.get().resolvable()) {
                return new Decision.Refuse(Refusal.STEP_UP_UNRESOLVABLE, connection.id(), scopes.dropped());
            }
            Integer achieved = StepUpRequirement.achievedLevel(request.acr(), request.acrLoaMap(), request.clientAcrLoaMap());
            Optional<String> unmet = stepUp.get().unmetBy(request.acr(), achieved, request.authTime(), now.getEpochSecond());
            if (unmet.isPresent()) {
                return new Decision.StepUp(stepUp.get(), unmet.get(), connection.id(), scopes.dropped());
            }
        }
        long sessionSeconds = Duration.between(now, request.sessionExpiresAt()).getSeconds();
        if (sessionSeconds < 1) {
            return new Decision.Refuse(Refusal.SESSION_ENDING, connection.id(), scopes.dropped());
        }
        int lifetime = (int) Math.min(Math.min(app.idJagLifetimeSeconds(), ResourceApp.MAX_LIFETIME_SECONDS), sessionSeconds);
        List<String> grantedResources = request.resources().isEmpty() ? allowedResources : request.resources();
        boolean narrowed = request.requestedScopes() == null || !Set.copyOf(grantedScopes).equals(request.requestedScopes());
        return new Decision.Issue(connection.id(), connection.clientIdAtResourceApp(), grantedScopes, grantedResources,
                lifetime, narrowed, scopes.dropped());
    }

    /**
     * The rules about the client alone. The exchange asks them before it even verifies the subject token;
     * {@link #decide} asks them again, so a simulation answers the same.
     */
    public static Optional<Refusal> checkClient(ExchangeRequest.ClientFacts client) {
        if (!client.confidential()) {
            return Optional.of(Refusal.PUBLIC_CLIENT);
        }
        if (client.dynamicallyRegistered()) {
            return Optional.of(Refusal.DYNAMIC_CLIENT);
        }
        return Optional.empty();
    }

    /**
     * The rules that need nothing of the user's session, in {@link #decide}'s order, up to whether the app takes this
     * kind of subject token. For a refresh token the exchange asks them before it validates the token's session
     * (where a reused token ends the session); {@link #decide} asks them first, so a simulation answers the same.
     */
    public static Optional<Refusal> checkBeforeSubjectSession(ExchangeRequest.ClientFacts client, SubjectKind kind, Policy policy) {
        Optional<Refusal> clientRefusal = checkClient(client);
        if (clientRefusal.isPresent()) {
            return clientRefusal;
        }
        // The kill switches come before every connection rule: an emergency stop must not depend on the configuration.
        if (policy.issuanceStopped()) {
            return Optional.of(Refusal.ISSUANCE_STOPPED);
        }
        if (policy.userBlocked()) {
            return Optional.of(Refusal.USER_BLOCKED);
        }
        if (!policy.clientHasConnections()) {
            return Optional.of(Refusal.CLIENT_NOT_ENABLED);
        }
        if (policy.resourceApp().isEmpty()) {
            return Optional.of(Refusal.UNKNOWN_AUDIENCE);
        }
        ResourceApp app = policy.resourceApp().get();
        if (!app.enabled()) {
            return Optional.of(Refusal.RESOURCE_APP_DISABLED);
        }
        if (!app.accepts(kind)) {
            return Optional.of(kind == SubjectKind.OFFLINE_TOKEN ? Refusal.OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED
                    : Refusal.REFRESH_TOKEN_SUBJECT_NOT_ALLOWED);
        }
        return Optional.empty();
    }

    /**
     * By group id, never by path: a renamed group keeps its members, and a group renamed or re-created to
     * the same path is another group. Subgroups count: the caller passes the ids of every ancestor too. An
     * id whose group was deleted matches nobody, so a connection whose required groups are all gone refuses.
     */
    private static boolean inRequiredGroup(Set<String> userGroupIds, List<String> requiredGroups) {
        return requiredGroups.isEmpty() || requiredGroups.stream().anyMatch(userGroupIds::contains);
    }

    /** A refusal before the scopes are looked at: none is dropped yet. */
    private static Decision refuse(Refusal rule, String connectionId) {
        return new Decision.Refuse(rule, connectionId, List.of());
    }
}
