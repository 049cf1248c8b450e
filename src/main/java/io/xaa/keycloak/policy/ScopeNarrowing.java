package io.xaa.keycloak.policy;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The scopes an ID-JAG is granted (the connection's scopes that its app still offers, and of those the requested
 * ones, in the connection's order) and every scope left out, with why. The exchange grants what this says and the
 * simulator shows what it left out, so both tell the same story.
 *
 * @param dropped the requested scopes not granted; with no scope requested, the connection's scopes not granted
 */
public record ScopeNarrowing(List<String> granted, List<DroppedScope> dropped) {

    public ScopeNarrowing {
        granted = List.copyOf(granted);
        dropped = List.copyOf(dropped);
    }

    /** @param requested the request's scopes, or null when it names none (then the connection's scopes apply) */
    public static ScopeNarrowing of(ResourceApp app, Connection connection, Set<String> requested) {
        List<String> allowed = connection.scopes().stream().filter(app.scopes()::contains).toList();
        List<String> granted = requested == null ? allowed : allowed.stream().filter(requested::contains).toList();
        // A set has no order of its own: sorted, so the same request always reads the same.
        Collection<String> asked = requested == null ? connection.scopes() : requested.stream().sorted().toList();
        List<DroppedScope> dropped = asked.stream().filter(scope -> !granted.contains(scope))
                .map(scope -> new DroppedScope(scope, app.scopes().contains(scope)
                        ? DropReason.NOT_ALLOWED_BY_CONNECTION : DropReason.NOT_OFFERED_BY_RESOURCE_APP))
                .toList();
        return new ScopeNarrowing(granted, dropped);
    }

    public record DroppedScope(String scope, DropReason reason) {
    }

    /** Why a scope was left out. The app is asked first: a connection can never allow what its app does not offer. */
    public enum DropReason {
        NOT_OFFERED_BY_RESOURCE_APP("the resource app does not offer this scope"),
        NOT_ALLOWED_BY_CONNECTION("the connection does not allow this scope");

        private final String description;

        DropReason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
