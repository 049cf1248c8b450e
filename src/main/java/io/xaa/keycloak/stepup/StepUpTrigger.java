package io.xaa.keycloak.stepup;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUpRequirement;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Level of Authentication an authorization request needs so that the ID token it yields will later be
 * accepted by the exchange. Pure: the authenticator hands in the notes of the request and the realm's enabled
 * resource apps.
 *
 * <p>The rule: when the request names a {@code resource}, each app governing that resource contributes its
 * app-level step-up and the step-up of every requested scope (exactly what the exchange will demand). When it
 * names none, only scope step-ups count, of every app offering a requested scope: scope names such as
 * {@code read} are shared by many apps, so an app's own step-up applies only once the request names one of its
 * resources. The strongest level wins. Requirements of freshness alone ({@code maxAgeSeconds} without ACR
 * values) raise nothing: the client asks for them with {@code max_age}.
 */
final class StepUpTrigger {

    private StepUpTrigger() {
    }

    /** The level to ask for, or empty when nothing in the request is sensitive. */
    static OptionalInt requiredLevel(Collection<ResourceApp> enabledApps, String resource, Set<String> scopes,
                                     Map<String, Integer> acrLoaMap) {
        return enabledApps.stream()
                .map(app -> requirement(app, resource, scopes, acrLoaMap))
                .flatMap(Optional::stream)
                .map(StepUpRequirement::level)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .max();
    }

    /**
     * The enabled apps this request names whose step-up lists only ACR values the map does not resolve: they
     * raise nothing, as no level can be derived, and the exchange refuses them whatever the login reaches.
     */
    static List<ResourceApp> unresolvable(Collection<ResourceApp> enabledApps, String resource, Set<String> scopes,
                                          Map<String, Integer> acrLoaMap) {
        return enabledApps.stream()
                .filter(app -> requirement(app, resource, scopes, acrLoaMap).filter(required -> !required.resolvable()).isPresent())
                .toList();
    }

    private static Optional<StepUpRequirement> requirement(ResourceApp app, String resource, Set<String> scopes,
                                                           Map<String, Integer> acrLoaMap) {
        if (resource == null) {
            return StepUpRequirement.of(withoutAppStepUp(app), scopes, acrLoaMap);
        }
        return app.resources().contains(resource) ? StepUpRequirement.of(app, scopes, acrLoaMap) : Optional.empty();
    }

    private static ResourceApp withoutAppStepUp(ResourceApp app) {
        return new ResourceApp(app.id(), app.name(), app.audience(), app.resources(), app.scopes(),
                app.idJagLifetimeSeconds(), app.includeEmail(), app.enabled(), null, app.scopeStepUp(),
                app.allowRefreshTokenSubject(), app.allowOfflineTokenSubject());
    }

    /** The scopes of an OAuth {@code scope} parameter (space-separated); empty for none. */
    static Set<String> scopes(String scopeParameter) {
        if (scopeParameter == null) {
            return Set.of();
        }
        return Arrays.stream(scopeParameter.split(" ")).filter(scope -> !scope.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The requested level after raising it to {@code required}: a client's own higher {@code acr_values} are kept.
     *
     * @param requested the current note, null when the client requested no level
     */
    static int raise(String requested, int required) {
        return requested == null ? required : Math.max(Integer.parseInt(requested), required);
    }
}
