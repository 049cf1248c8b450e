package io.xaa.keycloak.policy;

import java.util.List;

/** The answer of {@link PolicyDecisionPoint}: issue an ID-JAG with these values, or refuse by one rule. */
public sealed interface Decision {

    /** The scopes left out and why; empty when the decision came before the scopes were looked at. */
    List<ScopeNarrowing.DroppedScope> droppedScopes();

    /**
     * @param scopeNarrowed true when the granted scopes differ from the requested ones, so the response
     *                      must name them (RFC 8693 §2.2.1)
     */
    record Issue(
            String connectionId,
            String clientIdAtResourceApp,
            List<String> grantedScopes,
            List<String> grantedResources,
            int lifetimeSeconds,
            boolean scopeNarrowed,
            List<ScopeNarrowing.DroppedScope> droppedScopes) implements Decision {

        public Issue {
            grantedScopes = List.copyOf(grantedScopes);
            grantedResources = List.copyOf(grantedResources);
            droppedScopes = List.copyOf(droppedScopes);
        }
    }

    /**
     * A stronger or fresher login would let the request through (checklist §6 step-up): only decided once
     * every target, entitlement and scope rule has passed.
     */
    record StepUp(StepUpRequirement requirement, String reason, String connectionId,
                  List<ScopeNarrowing.DroppedScope> droppedScopes) implements Decision {
        /** The OAuth error (checklist §6) and the rule name events and simulations report. */
        public static final String ERROR = "insufficient_user_authentication";
        public static final String RULE = "STEP_UP";
    }

    /** @param connectionId the connection that matched, when the refusal happened after one was found */
    record Refuse(Refusal rule, String connectionId, List<ScopeNarrowing.DroppedScope> droppedScopes) implements Decision {

        public Refuse {
            droppedScopes = List.copyOf(droppedScopes);
        }
    }
}
