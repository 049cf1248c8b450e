package io.xaa.keycloak.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The usage fold against an admin's change of the same connection, in two real transactions on an in-process
 * H2 database with the real entities. Each test fixes the order of reads and commits, so it is deterministic.
 */
final class UsageFoldRaceTest {

    private static final Instant CUT_OFF = Instant.ofEpochMilli(10_000);

    private static EntityManagerFactory factory;
    private String connectionId;

    @BeforeAll
    static void startDatabase() {
        factory = new PersistenceConfiguration("usage-fold-race")
                .managedClass(ConnectionEntity.class)
                .managedClass(ConnectionUseEntity.class)
                .property(PersistenceConfiguration.JDBC_URL, "jdbc:h2:mem:usage-fold-race;DB_CLOSE_DELAY=-1")
                .property(PersistenceConfiguration.SCHEMAGEN_DATABASE_ACTION, "drop-and-create")
                .createEntityManagerFactory();
    }

    @AfterAll
    static void stopDatabase() {
        factory.close();
    }

    @BeforeEach
    void enabledConnectionWithThreeUses() {
        connectionId = UUID.randomUUID().toString();
        inTransaction(em -> {
            ConnectionEntity connection = new ConnectionEntity();
            connection.setId(connectionId);
            connection.setRealmId("realm");
            connection.setClientUuid("client");
            connection.setResourceAppId("app");
            connection.setClientIdAtResourceApp("client-at-app");
            connection.setEnabled(true);
            em.persist(connection);
            for (long usedAt : new long[]{1_000, 3_000, 2_000}) {
                em.persist(use(usedAt));
            }
        });
    }

    @Test
    @DisplayName("an admin's disable committed between the fold's read and its commit stays disabled")
    void foldDoesNotUndoARevocation() {
        EntityManager fold = factory.createEntityManager();
        fold.getTransaction().begin();
        // The fold has read the connection; the registry's own lookup finds this instance in its persistence context.
        fold.find(ConnectionEntity.class, connectionId);

        inTransaction(admin -> admin.find(ConnectionEntity.class, connectionId).setEnabled(false));

        assertEquals(3, new JpaConnectionRegistry(null, fold).foldUsage(CUT_OFF));
        fold.getTransaction().commit();
        fold.close();

        ConnectionEntity stored = stored();
        assertFalse(stored.isEnabled(), "the fold wrote back the connection as enabled");
        assertEquals(3, stored.getFoldedIssuedCount());
        assertEquals(3_000L, stored.getFoldedLastUsedAt());
        assertEquals(0L, useRows());
    }

    @Test
    @DisplayName("an admin update from a read before the fold keeps the folded figures")
    void staleAdminUpdateKeepsTheFoldedCount() {
        EntityManager admin = factory.createEntityManager();
        admin.getTransaction().begin();
        ConnectionEntity seenByAdmin = admin.find(ConnectionEntity.class, connectionId);

        inTransaction(fold -> new JpaConnectionRegistry(null, fold).foldUsage(CUT_OFF));

        seenByAdmin.setDescription("changed by an admin");
        admin.getTransaction().commit();
        admin.close();

        ConnectionEntity stored = stored();
        assertEquals("changed by an admin", stored.getDescription());
        assertEquals(3, stored.getFoldedIssuedCount(), "the admin update wrote back a stale folded count");
        assertEquals(3_000L, stored.getFoldedLastUsedAt());
    }

    @Test
    @DisplayName("a second fold adds its count and keeps the later of the two last uses")
    void foldsAccumulate() {
        inTransaction(fold -> new JpaConnectionRegistry(null, fold).foldUsage(CUT_OFF));
        inTransaction(em -> {
            ConnectionEntity connection = em.find(ConnectionEntity.class, connectionId);
            connection.setEnabled(false);
            em.persist(use(500));
            em.persist(use(CUT_OFF.toEpochMilli() + 1));
        });

        inTransaction(fold -> assertEquals(1, new JpaConnectionRegistry(null, fold).foldUsage(CUT_OFF)));

        ConnectionEntity stored = stored();
        assertEquals(4, stored.getFoldedIssuedCount());
        assertEquals(3_000L, stored.getFoldedLastUsedAt());
        assertFalse(stored.isEnabled());
        assertEquals(1L, useRows(), "the use after the cut-off is not folded yet");
    }

    private ConnectionUseEntity use(long usedAt) {
        ConnectionUseEntity use = new ConnectionUseEntity();
        use.setId(UUID.randomUUID().toString());
        use.setConnectionId(connectionId);
        use.setUsedAt(usedAt);
        return use;
    }

    private ConnectionEntity stored() {
        EntityManager em = factory.createEntityManager();
        try {
            return em.find(ConnectionEntity.class, connectionId);
        } finally {
            em.close();
        }
    }

    private long useRows() {
        EntityManager em = factory.createEntityManager();
        try {
            return em.createQuery("select count(u) from ConnectionUseEntity u where u.connectionId = :id", Long.class)
                    .setParameter("id", connectionId).getSingleResult();
        } finally {
            em.close();
        }
    }

    private static void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } finally {
            em.close();
        }
    }
}
