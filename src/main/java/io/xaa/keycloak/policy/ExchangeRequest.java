package io.xaa.keycloak.policy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts of one ID-JAG request, after the subject token was verified.
 *
 * @param resources        the {@code resource} values, each once (a repeated one asks for nothing more)
 * @param requestedScopes  null when the request carried no {@code scope} parameter
 * @param userGroupIds     the id of every group the user is in, ancestors included, so subgroups count
 * @param sessionExpiresAt when the user's session or the client's session in it ends, whichever is first;
 *                         the ID-JAG never outlives it
 * @param subjectKind      what the client presented as the user's proof
 * @param acr              the level the subject's session reached at its login ({@code acr}), or null
 * @param authTime         when that login happened ({@code auth_time}) in epoch seconds, or null
 * @param acrLoaMap        the realm's ACR-to-LoA map: required levels are read from it alone
 * @param clientAcrLoaMap  the map Keycloak named {@code acr} with (the client's own, else the realm's)
 * @param client           what matters of the requesting client itself
 */
public record ExchangeRequest(
        String clientId,
        String userId,
        Set<String> userGroupIds,
        String audience,
        List<String> resources,
        Set<String> requestedScopes,
        Instant sessionExpiresAt,
        SubjectKind subjectKind,
        String acr,
        Long authTime,
        Map<String, Integer> acrLoaMap,
        Map<String, Integer> clientAcrLoaMap,
        ClientFacts client) {

    public ExchangeRequest {
        userGroupIds = Set.copyOf(userGroupIds);
        resources = List.copyOf(new LinkedHashSet<>(resources));
        requestedScopes = requestedScopes == null ? null : Set.copyOf(requestedScopes);
        acrLoaMap = Map.copyOf(acrLoaMap);
        clientAcrLoaMap = Map.copyOf(clientAcrLoaMap);
    }

    /**
     * @param confidential          the client authenticates with a secret or key (not a public client)
     * @param dynamicallyRegistered the client registered itself (RFC 7591), so no admin vetted it
     */
    public record ClientFacts(boolean confidential, boolean dynamicallyRegistered) {
    }
}
