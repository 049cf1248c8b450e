package io.xaa.keycloak.keycloak;

import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

import java.time.Duration;

/**
 * Runs a task on one node of the cluster per interval, though every node schedules it. Keycloak's own cluster lock
 * ({@code ClusterProvider.executeIfNotExecuted}) only keeps two runs from overlapping: it is released when the task
 * ends, so each node's timer ran the task once per interval (the cluster suite counted twice the runs). Instead, the
 * intervals are numbered from the epoch (slots) and a run first moves its task's row in {@code XAA_TASK_RUN} to the
 * current slot, in the task's own transaction: the row lock makes a second node wait until the first commits, and it
 * then finds the slot taken. If the task fails, its claim rolls back with it and a later firing retries. The row also
 * keeps, durably, when the task last ran and how often it has run.
 */
public final class ClusterAwareTaskRunner extends ScheduledTaskRunner {

    private static final String CLAIM = "update XAA_TASK_RUN set SLOT = ?1, LAST_RUN_AT = ?2, RUNS = RUNS + 1"
            + " where TASK_NAME = ?3 and SLOT < ?1";

    private final long intervalMillis;

    private ClusterAwareTaskRunner(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        super(factory, task);
        this.intervalMillis = intervalMillis;
    }

    /** Schedules {@code task} on this node; one node of the cluster runs it per interval. Its row must exist (a changelog adds it). */
    public static void schedule(KeycloakSessionFactory factory, ScheduledTask task, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        // No database access here: this runs in a factory's postInit, possibly before the JPA provider's own.
        try (KeycloakSession session = factory.create()) {
            session.getProvider(TimerProvider.class)
                    .schedule(new ClusterAwareTaskRunner(factory, task, millis), millis, task.getTaskName());
        }
    }

    @Override
    protected void runTask(KeycloakSession session) {
        EntityManager em = entityManager(session);
        if (claim(em, task.getTaskName(), Time.currentTimeMillis(), intervalMillis)) {
            task.run(session);
        } else if (((Number) em.createNativeQuery("select count(*) from XAA_TASK_RUN where TASK_NAME = ?1")
                .setParameter(1, task.getTaskName()).getSingleResult()).longValue() == 0) {
            // A task without its row would never run: fail every firing, loudly, rather than never purge.
            throw new IllegalStateException("no row for scheduled task " + task.getTaskName() + " in XAA_TASK_RUN; add it in a changelog");
        }
    }

    /** Takes the interval that {@code now} falls in for this node, in the caller's transaction; false if a node has it already. */
    static boolean claim(EntityManager em, String taskName, long now, long intervalMillis) {
        return em.createNativeQuery(CLAIM).setParameter(1, now / intervalMillis).setParameter(2, now).setParameter(3, taskName)
                .executeUpdate() == 1;
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
