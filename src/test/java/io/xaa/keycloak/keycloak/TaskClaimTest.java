package io.xaa.keycloak.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The claim that lets one node run a scheduled task per interval, in real transactions on an in-process H2 with the
 * table as the changelog makes it: two nodes firing in one interval run the task once, even while the first run's
 * transaction is still open.
 */
final class TaskClaimTest {

    private static final long INTERVAL = 3_000;
    private static EntityManagerFactory factory;

    @BeforeAll
    static void startDatabase() {
        factory = new PersistenceConfiguration("task-claim")
                .property(PersistenceConfiguration.JDBC_URL, "jdbc:h2:mem:task-claim;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
                .createEntityManagerFactory();
        EntityManager em = factory.createEntityManager();
        em.getTransaction().begin();
        em.createNativeQuery("create table XAA_TASK_RUN (TASK_NAME varchar(64) primary key, SLOT bigint not null,"
                + " LAST_RUN_AT bigint not null, RUNS bigint not null)").executeUpdate();
        // One task per test, so that neither sees the other's intervals.
        em.createNativeQuery("insert into XAA_TASK_RUN values ('once', -1, 0, 0), ('retried', -1, 0, 0)").executeUpdate();
        em.getTransaction().commit();
        em.close();
    }

    @AfterAll
    static void stopDatabase() {
        factory.close();
    }

    @Test
    @DisplayName("a second node in the same interval waits for the first run's commit, then finds the interval taken")
    void oneRunPerInterval() throws Exception {
        long slotStart = 1_000 * INTERVAL;
        EntityManager nodeA = factory.createEntityManager();
        nodeA.getTransaction().begin();
        assertTrue(ClusterAwareTaskRunner.claim(nodeA, "once", slotStart + 100, INTERVAL), "the first node in the interval runs");

        CompletableFuture<Boolean> nodeB = CompletableFuture.supplyAsync(() -> claimedAt("once", slotStart + 2_900));
        Thread.sleep(300);
        assertFalse(nodeB.isDone(), "the second node waits while the first run's transaction is open");
        nodeA.getTransaction().commit();
        nodeA.close();
        assertFalse(nodeB.get(10, TimeUnit.SECONDS), "the second node skips the interval the first ran in");

        assertTrue(claimedAt("once", slotStart + INTERVAL), "the next interval runs");
        assertFalse(claimedAt("once", slotStart + 2_000), "a node whose clock is behind does not run an interval again");
        assertEquals(2L, ((Number) inTransaction(em -> em.createNativeQuery("select RUNS from XAA_TASK_RUN where TASK_NAME = 'once'")
                .getSingleResult())).longValue(), "the row counts the runs");
    }

    @Test
    @DisplayName("a run that rolls back gives its interval back")
    void aFailedRunIsRetried() {
        long slotStart = 2_000 * INTERVAL;
        EntityManager failed = factory.createEntityManager();
        failed.getTransaction().begin();
        assertTrue(ClusterAwareTaskRunner.claim(failed, "retried", slotStart, INTERVAL));
        failed.getTransaction().rollback();
        failed.close();
        assertTrue(claimedAt("retried", slotStart + 1_000));
    }

    /** A node's claim at {@code now}, in a transaction of its own. */
    private static boolean claimedAt(String task, long now) {
        return inTransaction(em -> ClusterAwareTaskRunner.claim(em, task, now, INTERVAL));
    }

    private static <T> T inTransaction(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            em.close();
        }
    }
}
