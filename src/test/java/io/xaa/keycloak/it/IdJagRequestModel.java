package io.xaa.keycloak.it;

import org.keycloak.utils.StringUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fuzz oracle's model of a strictly correct token endpoint: from the form exactly as sent and the client
 * authentication, the one ID-JAG that may be issued, or none. Keycloak strips control characters from every form
 * value before any grant runs; that normalisation is the platform's, so the model judges each value as Keycloak's own
 * {@code StringUtil.removeControlCharacters} leaves it, as the grant does. A request is equivalent to an allowed one
 * when it differs from it only in what RFC 6749 §3.1/§3.2 say to disregard (empty values, unknown parameters), in a
 * repeated identical {@code audience}/{@code resource}, or in spaces around scope tokens. Anything else (an altered
 * token, an unsupported or oversized parameter) allows no ID-JAG.
 */
final class IdJagRequestModel {

    record Expected(String subject, List<String> scopes, List<String> resources) {
    }

    /** The parameters the exchange reads; every other name must be ignored. */
    private static final Set<String> KNOWN = Set.of("grant_type", "requested_token_type", "subject_token_type", "subject_token",
            "audience", "resource", "scope", "actor_token", "actor_token_type", "requested_subject", "authorization_details",
            "subject_issuer", "client_id", "client_secret");
    private static final List<String> UNSUPPORTED = List.of("actor_token", "actor_token_type", "requested_subject",
            "authorization_details", "subject_issuer");

    private final String clientId;
    private final String clientSecret;
    private final String audience;
    private final List<String> connectionScopes;
    private final List<String> connectionResources;
    private final Map<String, String> subjectOfIdToken;

    /**
     * @param subjectOfIdToken every pristine ID token issued to the client, with its {@code sub}; the map may grow
     *                         while the model is in use
     */
    IdJagRequestModel(String clientId, String clientSecret, String audience, List<String> connectionScopes,
                      List<String> connectionResources, Map<String, String> subjectOfIdToken) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.audience = audience;
        this.connectionScopes = connectionScopes;
        this.connectionResources = connectionResources;
        this.subjectOfIdToken = subjectOfIdToken;
    }

    /**
     * @param basicCredentials the {@code user:password} of an Authorization Basic header, or null
     */
    Optional<Expected> expect(List<String[]> form, String basicCredentials) {
        Map<String, Integer> lengths = new HashMap<>();
        for (String[] pair : form) {
            lengths.merge(pair[0], StringUtil.removeControlCharacters(pair[1]).length(), Integer::sum);
        }
        if (lengths.entrySet().stream().anyMatch(length -> length.getValue() > limit(length.getKey()))) {
            return Optional.empty();
        }
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (String[] pair : form) {
            if (KNOWN.contains(pair[0])) {
                String value = StringUtil.removeControlCharacters(pair[1]);
                if (!value.isEmpty()) {
                    sent.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(value);
                }
            }
        }
        boolean basic = (clientId + ":" + clientSecret).equals(basicCredentials)
                && !sent.containsKey("client_id") && !sent.containsKey("client_secret");
        boolean post = basicCredentials == null && isOnly(sent, "client_id", clientId) && isOnly(sent, "client_secret", clientSecret);
        if (!basic && !post
                || !isOnly(sent, "grant_type", Kc.TOKEN_EXCHANGE)
                || !isOnly(sent, "requested_token_type", Kc.ID_JAG)
                || !isOnly(sent, "subject_token_type", Kc.ID_TOKEN)
                || UNSUPPORTED.stream().anyMatch(sent::containsKey)) {
            return Optional.empty();
        }
        List<String> subjectTokens = sent.getOrDefault("subject_token", List.of());
        String subject = subjectTokens.size() == 1 ? subjectOfIdToken.get(subjectTokens.get(0)) : null;
        List<String> audiences = sent.getOrDefault("audience", List.of());
        if (subject == null || audiences.isEmpty() || !audiences.stream().allMatch(audience::equals)) {
            return Optional.empty();
        }
        List<String> resources = List.copyOf(new LinkedHashSet<>(sent.getOrDefault("resource", List.of())));
        if (!connectionResources.containsAll(resources)) {
            return Optional.empty();
        }
        return scopes(sent.getOrDefault("scope", List.of()))
                .map(scopes -> new Expected(subject, scopes, resources.isEmpty() ? connectionResources : resources));
    }

    /**
     * The connection's scopes narrowed to those asked for (tokens separated by spaces, RFC 6749 §3.3); none asked
     * for, or only spaces, is all of them. A token the connection lacks is narrowed away, whatever its characters.
     */
    private Optional<List<String>> scopes(List<String> values) {
        if (values.size() > 1) {
            return Optional.empty();
        }
        String scope = values.isEmpty() ? "" : values.get(0).replaceAll("^ +| +$", "");
        if (scope.isEmpty()) {
            return Optional.of(connectionScopes);
        }
        Set<String> asked = new HashSet<>(Arrays.asList(scope.split(" +")));
        List<String> granted = connectionScopes.stream().filter(asked::contains).toList();
        return granted.isEmpty() ? Optional.empty() : Optional.of(granted);
    }

    /** Keycloak's limits on a parameter's values in total; a longer one never reaches the grant whole. */
    private static int limit(String name) {
        return name.equals("subject_token") || name.equals("actor_token") ? 20_000 : 4_000;
    }

    private static boolean isOnly(Map<String, List<String>> sent, String name, String value) {
        return List.of(value).equals(sent.get(name));
    }
}
