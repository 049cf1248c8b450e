package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.Kc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Concurrent exchanges on both nodes against one connection: once the fold has taken every use row into the
 * connection, its {@code issuedCount} is the number of ID-JAGs issued, exactly; nothing lost, nothing counted twice.
 */
@ExtendWith(ClusterExtension.class)
class ClusterUsageIT {

    static final int THREADS_PER_NODE = 4;
    static final int EXCHANGES_PER_THREAD = 40;

    @Test
    void issuedCountIsExactUnderConcurrentExchangesOnBothNodes(Cluster cluster) throws Exception {
        ClusterAgent agent = new ClusterAgent(cluster.a(), "usage");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        List<Future<Map<Integer, Integer>>> threads = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (Kc node : List.of(cluster.a(), cluster.b())) {
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    threads.add(pool.submit(() -> {
                        String idToken = agent.idToken(node);
                        Map<Integer, Integer> statuses = new TreeMap<>();
                        for (int i = 0; i < EXCHANGES_PER_THREAD; i++) {
                            statuses.merge(agent.exchange(node, idToken).status(), 1, Integer::sum);
                        }
                        return statuses;
                    }));
                }
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Map<Integer, Integer>> thread : threads) {
                thread.get().forEach((status, count) -> statuses.merge(status, count, Integer::sum));
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            int issued = statuses.getOrDefault(200, 0);
            assertEquals(Map.of(200, 2 * THREADS_PER_NODE * EXCHANGES_PER_THREAD), statuses, "every exchange issued an ID-JAG");

            awaitFolded(cluster, agent.connectionId, Duration.ofSeconds(30));
            assertEquals(issued, agent.connection(cluster.a()).path("issuedCount").asLong(), "issuedCount on node A after the fold");
            assertEquals(issued, agent.connection(cluster.b()).path("issuedCount").asLong(), "issuedCount on node B after the fold");
            System.out.println("issuedCount exact: " + issued + " ID-JAGs from " + 2 * THREADS_PER_NODE + " threads on two nodes in "
                    + seconds + " s; issuedCount " + issued + " after the fold");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the fold has taken every use row of the connection into the connection's folded count. */
    static void awaitFolded(Cluster cluster, String connectionId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        do {
            try (Connection db = cluster.database().connect(Cluster.DATABASE);
                 PreparedStatement unfolded = db.prepareStatement("select count(*) from xaa_connection_use where connection_id = ?")) {
                unfolded.setString(1, connectionId);
                try (ResultSet rows = unfolded.executeQuery()) {
                    rows.next();
                    left = rows.getLong(1);
                }
            }
            if (left == 0) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        fail(left + " use rows still unfolded after " + timeout);
    }
}
