package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.jpa.JpaAuditStore;
import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.store.ConnectionsRemoved;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.common.util.Time;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;


/**
 * Writes an audit record in the transaction of the session Keycloak hands the event in. Keycloak delivers a
 * success event in the request's transaction (so the record commits or rolls back with the ID-JAG) and an
 * error event in a transaction of its own (so the refusal's record survives the request's rollback). Admin
 * events arrive in the request's transaction, with the change they describe, and so do the connections the
 * store removes as a side effect ({@link ConnectionsRemoved}).
 */
final class AuditEventListenerProvider implements EventListenerProvider {

    /** The streaming category: one JSON line per committed record (README, "Audit records"). */
    static final Logger STREAM = Logger.getLogger("io.xaa.keycloak.audit");
    private static final Logger LOG = Logger.getLogger(AuditEventListenerProvider.class);

    private final KeycloakSession session;
    private final AuditMetrics metrics;

    AuditEventListenerProvider(KeycloakSession session, AuditMetrics metrics) {
        this.session = session;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(Event event) {
        try {
            // Mapping inside the try too: a record that cannot even be built must still stop the ID-JAG.
            Optional<AuditRecord> record = AuditRecordMapping.ofExchange(event);
            if (record.isEmpty() && AuditRecordMapping.isClientAuthenticationRefusal(event)) {
                // Keycloak refused the client before our grant ran: only the form tells whether it asked for an ID-JAG.
                record = AuditRecordMapping.ofClientAuthenticationRefusal(event,
                        KeycloakInternals.formParameter(session, "requested_token_type"));
            }
            record.ifPresent(this::write);
        } catch (RuntimeException e) {
            // Keycloak swallows listener errors; an ID-JAG must not leave without its record, so fail the request.
            if (event.getType() == EventType.TOKEN_EXCHANGE) {
                session.getTransactionManager().setRollbackOnly();
            }
            throw e;
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (!AuditRecordMapping.isCrossAppAccess(event)) {
            return;
        }
        // The representation is always on the event; includeRepresentation only governs Keycloak's own store.
        AuditRecordMapping.ofAdminEvent(event, actorUsername(event.getAuthDetails())).ifPresent(record -> {
            try {
                write(record);
            } catch (RuntimeException e) {
                session.getTransactionManager().setRollbackOnly();
                throw e;
            }
        });
    }

    /**
     * Called in the removing session, so the records commit or roll back with the removal; a removal whose
     * records cannot be written does not commit.
     */
    void onConnectionsRemoved(ConnectionsRemoved removed) {
        UserModel actor = session.getContext().getUser();
        ClientConnection connection = session.getContext().getConnection();
        try {
            AuditRecordMapping.ofConnectionsRemoved(removed, Time.currentTimeMillis(), actor == null ? null : actor.getId(),
                            actor == null ? null : actor.getUsername(), connection == null ? null : connection.getRemoteAddr())
                    .forEach(this::write);
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        }
    }

    private void write(AuditRecord record) {
        new JpaAuditStore(session).add(record);
        // Streamed and counted only once the record is committed: a SIEM never sees a decision that was undone.
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                STREAM.info(AuditJson.line(record));
                metrics.count(record);
            }

            @Override
            protected void rollbackImpl() {
                LOG.debugf("audit record %s rolled back with its transaction", record.id());
            }
        });
    }

    private String actorUsername(AuthDetails auth) {
        if (auth == null || auth.getUserId() == null || auth.getRealmId() == null) {
            return null;
        }
        RealmModel realm = session.realms().getRealm(auth.getRealmId());
        UserModel user = realm == null ? null : session.users().getUserById(realm, auth.getUserId());
        return user == null ? null : user.getUsername();
    }

    @Override
    public void close() {
    }
}
