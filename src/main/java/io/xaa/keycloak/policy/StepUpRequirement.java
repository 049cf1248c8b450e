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
 * for it at login) derive it here, from the realm's ACR-to-LoA map, so they never disagree.
 *
 * @param level               the Level of Authentication required, or null when only freshness is required
 * @param acrValues           the ACR values that reach {@code level}, in the configured order of preference
 * @param maxAgeSeconds       the strictest maximum authentication age, or null
 * @param unresolvedAcrValues the ACR values of applicable step-ups none of whose values the realm's map (or a
 *                            level number) resolves; empty when every step-up resolves
 */
public record StepUpRequirement(Integer level, List<String> acrValues, Integer maxAgeSeconds, List<String> unresolvedAcrValues) {

    public StepUpRequirement {
        acrValues = List.copyOf(acrValues);
        unresolvedAcrValues = List.copyOf(unresolvedAcrValues);
    }

    /**
     * The requirement of the app's own step-up policy together with that of each given scope; the strongest
     * level and the shortest age win. Empty when nothing applies. A step-up none of whose ACR values resolves
     * is kept in {@link #unresolvedAcrValues}, never dropped: the admin may have changed the map since saving it.
     *
     * @param acrLoaMap the realm's ACR-to-LoA map, which resource apps are validated against
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
        List<String> unresolved = new ArrayList<>();
        for (StepUp stepUp : applicable) {
            Integer required = weakestLevel(stepUp.acrValues(), acrLoaMap);
            if (required == null) {
                unresolved.addAll(stepUp.acrValues());
            }
            if (required != null && (level == null || required > level)) {
                level = required;
                acrValues = stepUp.acrValues();
            }
            if (stepUp.maxAgeSeconds() != null && (maxAge == null || stepUp.maxAgeSeconds() < maxAge)) {
                maxAge = stepUp.maxAgeSeconds();
            }
        }
        if (level == null && maxAge == null && unresolved.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StepUpRequirement(level, acrValues, maxAge, unresolved));
    }

    /** False when a required level cannot be known, so no authentication can be shown to meet it. */
    public boolean resolvable() {
        return unresolvedAcrValues.isEmpty();
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

    /**
     * The level a token's {@code acr} proves. Keycloak names the level a login reached through the client's
     * map (its own, else the realm's), choosing a name the client maps at or below that level; so a name the
     * client maps lower than the realm does proves only the lower level. Null when either map cannot tell.
     *
     * @param realmAcrLoaMap  the realm's map, which required levels are read from
     * @param clientAcrLoaMap the map Keycloak named the token's acr with
     */
    public static Integer achievedLevel(String acr, Map<String, Integer> realmAcrLoaMap, Map<String, Integer> clientAcrLoaMap) {
        Integer realmLevel = level(acr, realmAcrLoaMap);
        Integer clientLevel = level(acr, clientAcrLoaMap);
        return realmLevel == null || clientLevel == null ? null : Math.min(realmLevel, clientLevel);
    }

    /**
     * Why an authentication with this {@code acr} (null: the ID token has none), reaching {@code actual} (null: no
     * known level), does not meet this requirement, or empty when it does.
     */
    public Optional<String> unmetBy(String acr, Integer actual, Long authTime, long nowSeconds) {
        if (level != null) {
            if (acr == null) {
                return Optional.of("no acr, and this request needs authentication level " + level);
            }
            if (actual == null) {
                return Optional.of("acr \"" + acr + "\" has no level in the ACR to LoA mapping, and this request needs authentication level " + level);
            }
            if (actual < level) {
                return Optional.of("authentication level " + actual + " is below the level " + level + " this request needs");
            }
        }
        if (maxAgeSeconds != null && (authTime == null || nowSeconds - authTime > maxAgeSeconds)) {
            return Optional.of(authTime == null ? "the time of authentication is unknown and this request needs it within "
                    + maxAgeSeconds + " s" : "authentication is older than the " + maxAgeSeconds + " s this request allows");
        }
        return Optional.empty();
    }
}
