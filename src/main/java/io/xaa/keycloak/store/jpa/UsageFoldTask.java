package io.xaa.keycloak.store.jpa;

import io.xaa.keycloak.store.ConnectionRegistry;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

import java.time.Duration;
import java.time.Instant;

/** Folds use rows older than {@code age} into their connections (on one node of the cluster per run). */
final class UsageFoldTask implements ScheduledTask {

    static final String NAME = "xaa-connection-usage-fold";
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    /** Far longer than any request's transaction, so no row older than this can still be committing. */
    static final Duration DEFAULT_AGE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(UsageFoldTask.class);

    private final Duration age;

    UsageFoldTask(Duration age) {
        this.age = age;
    }

    @Override
    public void run(KeycloakSession session) {
        int folded = session.getProvider(ConnectionRegistry.class)
                .foldUsage(Instant.ofEpochMilli(Time.currentTimeMillis()).minus(age));
        LOG.debugf("folded %d connection uses into their connections", folded);
    }

    @Override
    public String getTaskName() {
        return NAME;
    }
}
