package io.xaa.keycloak.store;

import io.xaa.keycloak.policy.Connection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;

import java.util.List;

/**
 * Published in the removing session, before its transaction ends, when connections go as a side effect of
 * another removal, so that each is audited as a revocation in the same transaction. A connection deleted on
 * its own is not published: the admin API's own event records it.
 */
public record ConnectionsRemoved(KeycloakSession session, String realmId, String realmName, List<Connection> connections,
                                 Cause cause) implements ProviderEvent {

    public enum Cause {
        RESOURCE_APP_DELETED("resource app deleted"),
        CLIENT_DELETED("client deleted"),
        REALM_DELETED("realm deleted"),
        REPLACED_BY_IMPORT("replaced by import");

        private final String reason;

        Cause(String reason) {
            this.reason = reason;
        }

        /** The audit record's reason. */
        public String reason() {
            return reason;
        }
    }
}
