package io.xaa.keycloak.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The facts of one ID-JAG request, after the subject token was verified.
 *
 * @param requestedScopes  null when the request carried no {@code scope} parameter
 * @param userGroupPaths   every group path the user is in, ancestors included ("/eng", "/eng/ai")
 * @param sessionExpiresAt when the user's session ends; the ID-JAG never outlives it
 */
public record ExchangeRequest(
        String clientId,
        String userId,
        Set<String> userGroupPaths,
        String audience,
        List<String> resources,
        Set<String> requestedScopes,
        Instant sessionExpiresAt) {

    public ExchangeRequest {
        userGroupPaths = Set.copyOf(userGroupPaths);
        resources = List.copyOf(resources);
        requestedScopes = requestedScopes == null ? null : Set.copyOf(requestedScopes);
    }
}
