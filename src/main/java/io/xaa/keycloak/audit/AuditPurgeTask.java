package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.jpa.JpaAuditStore;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

import java.time.Duration;

/** Deletes the records older than the retention period, in every realm. */
final class AuditPurgeTask implements ScheduledTask {

    static final String NAME = "xaa-audit-purge";
    private static final Logger LOG = Logger.getLogger(AuditPurgeTask.class);

    private final Duration retention;

    AuditPurgeTask(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void run(KeycloakSession session) {
        int purged = new JpaAuditStore(session).purge(Time.currentTimeMillis() - retention.toMillis());
        LOG.debugf("purged %d audit records older than %s", purged, retention);
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
