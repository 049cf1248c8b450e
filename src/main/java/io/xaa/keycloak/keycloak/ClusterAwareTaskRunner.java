package io.xaa.keycloak.keycloak;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

import java.time.Duration;

/**
 * Runs a task on one node of the cluster per interval, though every node schedules it. This is what
 * Keycloak's ClusterAwareScheduledTaskRunner does; that class lives in keycloak-model-storage-private,
 * which this JAR does not compile against, so the same two calls are made here through the cluster SPI.
 */
public final class ClusterAwareTaskRunner extends ScheduledTaskRunner {

    private final int intervalSeconds;

    private ClusterAwareTaskRunner(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        super(factory, task);
        this.intervalSeconds = (int) Math.max(1, intervalMillis / 1000);
    }

    /** Schedules {@code task} on this node; the cluster lets one node run it per interval. */
    public static void schedule(KeycloakSessionFactory factory, ScheduledTask task, Duration interval) {
        long millis = interval.toMillis();
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class)
                    .schedule(new ClusterAwareTaskRunner(factory, task, millis), millis, task.getTaskName());
        }
    }

    @Override
    protected void runTask(KeycloakSession session) {
        session.getProvider(ClusterProvider.class).executeIfNotExecuted(task.getTaskName(), intervalSeconds, () -> {
            task.run(session);
            return null;
        });
    }
}
