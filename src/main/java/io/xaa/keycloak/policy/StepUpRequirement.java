package io.xaa.keycloak.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request for a resource app (and some of its scopes) demands of the user's authentication. Both the
 * exchange (to refuse with {@code insufficient_user_authentication}) and the step-up authenticator (to ask
 * for it at login) derive it here, so they never disagree.
 *
 * @param level         the Level of Authentication required, or null when only freshness is required
 * @param acrValues     the ACR values that reach {@code level}, in the configured order of preference
 * @param maxAgeSeconds the strictest maximum authentication age, or null
 */
public record StepUpRequirement(Integer level, List<String> acrValues, Integer maxAgeSeconds) {

    public StepUpRequirement {
        acrValues = List.copyOf(acrValues);
    }

    /**
     * The requirement of the app's own step-up policy together with that of each given scope; the strongest
     * level and the shortest age win. Empty when nothing applies.
     */
    public static Optional<StepUpRequirement> of(ResourceApp app, Collection<String> scopes, Map<String, Integer> acrLoaMap) {
        List<StepUp> applicable = new ArrayList<>();
        if (app.stepUp() != null) {
            applicable.add(app.stepUp());
        }
        scopes.stream().map(app.scopeStepUp()::get).filter(Objects::nonNull).forEach(applicable::add);
        if (applicable.isEmpty()) {
            return Optional.empty();
        }
        Integer level = null;
        List<String> acrValues = List.of();
        Integer maxAge = null;
        for (StepUp stepUp : applicable) {
            Integer required = weakestLevel(stepUp.acrValues(), acrLoaMap);
            if (required != null && (level == null || required > level)) {
                level = required;
                acrValues = stepUp.acrValues();
            }
            if (stepUp.maxAgeSeconds() != null && (maxAge == null || stepUp.maxAgeSeconds() < maxAge)) {
                maxAge = stepUp.maxAgeSeconds();
            }
        }
        if (level == null && maxAge == null) {
            return Optional.empty();
        }
        return Optional.of(new StepUpRequirement(level, acrValues, maxAge));
    }

    /** Any of the listed values satisfies the policy, so the weakest known one is what is required. */
    private static Integer weakestLevel(List<String> acrValues, Map<String, Integer> acrLoaMap) {
        return acrValues.stream().map(value -> level(value, acrLoaMap)).filter(Objects::nonNull)
                .min(Integer::compare).orElse(null);
    }

    /**
     * The Level of Authentication an ACR value stands for: through the realm's map, or the number itself
     * (Keycloak's default ACRs are "0", "1", "2"). Null for a value that is neither.
     */
    public static Integer level(String acr, Map<String, Integer> acrLoaMap) {
        if (acr == null) {
            return null;
        }
        Integer mapped = acrLoaMap.get(acr);
        if (mapped != null) {
            return mapped;
        }
        try {
            return Integer.parseInt(acr);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why the given authentication does not meet this requirement, or empty when it does. */
    public Optional<String> unmetBy(String acr, Long authTime, Map<String, Integer> acrLoaMap, long nowSeconds) {
        if (level != null) {
            Integer actual = level(acr, acrLoaMap);
            if (actual == null || actual < level) {
                return Optional.of("authentication level " + (actual == null ? "unknown" : actual)
                        + " is below the level " + level + " this request needs");
            }
        }
        if (maxAgeSeconds != null && (authTime == null || nowSeconds - authTime > maxAgeSeconds)) {
            return Optional.of(authTime == null ? "the time of authentication is unknown and this request needs it within "
                    + maxAgeSeconds + " s" : "authentication is older than the " + maxAgeSeconds + " s this request allows");
        }
        return Optional.empty();
    }
}
