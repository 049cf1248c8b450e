package io.xaa.keycloak.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usage fold and the audit purge are scheduled on every node, but run once per interval across the cluster:
 * over a window of several intervals, the runs the two nodes log together are one per interval, not one per node,
 * and the durable count of runs ({@code XAA_TASK_RUN.RUNS}) agrees with the logs.
 */
@ExtendWith(ClusterExtension.class)
class ClusterTasksIT {

    static final Duration INTERVAL = Duration.parse(Cluster.FOLD_INTERVAL);
    static final int INTERVALS = 5;

    @Test
    void foldAndPurgeRunOncePerIntervalAcrossTheCluster(Cluster cluster) throws Exception {
        List<Path> logs = List.of(cluster.nodeA().log(), cluster.nodeB().log());
        Map<String, Long> runsBefore = runs(cluster);
        long foldsBefore = count(logs, "folded ");
        long purgesBefore = count(logs, "purged ");
        Thread.sleep(INTERVAL.multipliedBy(INTERVALS).toMillis());
        long folds = count(logs, "folded ") - foldsBefore;
        long purges = count(logs, "purged ") - purgesBefore;
        Map<String, Long> runsAfter = runs(cluster);
        System.out.println("in " + INTERVALS + " intervals: " + folds + " fold runs and " + purges + " purge runs logged by both nodes together");
        // The window may hold one interval boundary more than it holds intervals; a loaded machine may delay a timer past
        // one. Both nodes running each interval would log about twice as many.
        assertTrue(folds >= INTERVALS / 2 && folds <= INTERVALS + 1, folds + " fold runs in " + INTERVALS + " intervals");
        assertTrue(purges >= INTERVALS / 2 && purges <= INTERVALS + 1, purges + " purge runs in " + INTERVALS + " intervals");
        // Read a little apart from the logs, so at most one run may fall between the two readings.
        long foldRuns = runsAfter.get(FOLD) - runsBefore.get(FOLD);
        long purgeRuns = runsAfter.get(PURGE) - runsBefore.get(PURGE);
        assertTrue(Math.abs(foldRuns - folds) <= 1, "XAA_TASK_RUN counts " + foldRuns + " fold runs, the logs " + folds);
        assertTrue(Math.abs(purgeRuns - purges) <= 1, "XAA_TASK_RUN counts " + purgeRuns + " purge runs, the logs " + purges);
    }

    static final String FOLD = "xaa-connection-usage-fold";
    static final String PURGE = "xaa-audit-purge";

    /** The durable count of runs per task, as an administrator would read it from the database. */
    static Map<String, Long> runs(Cluster cluster) throws Exception {
        Map<String, Long> runs = new HashMap<>();
        try (Connection db = cluster.database().connect(Cluster.DATABASE); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("select task_name, runs from xaa_task_run")) {
            while (rows.next()) {
                runs.put(rows.getString(1), rows.getLong(2));
            }
        }
        return runs;
    }

    /** The lines of the tasks' debug log that contain {@code text}, in both nodes' logs. */
    static long count(List<Path> logs, String text) throws IOException {
        long lines = 0;
        for (Path log : logs) {
            lines += Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(line -> line.contains(text)).count();
        }
        return lines;
    }
}
