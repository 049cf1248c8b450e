package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.LoopbackSockets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two nodes form one cluster, and nothing of it reaches beyond the loopback: every socket either node's JVM
 * owns, listening or connected, is on 127.0.0.1.
 */
@ExtendWith(ClusterExtension.class)
class ClusterTopologyIT {

    /** Infinispan's view change: "ISPN000094: Received new cluster view for channel ISPN: [a|1] (2) [a, b]". */
    private static final Pattern TWO_MEMBERS = Pattern.compile("ISPN000094: Received new cluster view .*\\(2\\)");

    @Test
    void bothNodesJoinOneCluster(Cluster cluster) throws Exception {
        for (Path log : List.of(cluster.nodeA().log(), cluster.nodeB().log())) {
            assertTrue(awaitLine(log, TWO_MEMBERS, Duration.ofSeconds(60)), "a two-member cluster view in " + log);
        }
        System.out.println("cluster formed: a view of 2 members in node A's and node B's logs");
    }

    @Test
    void everySocketOfBothNodesIsOnLoopback(Cluster cluster) throws Exception {
        List<String> listening = LoopbackSockets.assertOnLoopback(cluster.pids());
        System.out.println("sockets of both nodes on 127.0.0.1: " + listening.size() + " listening");
        listening.forEach(line -> System.out.println("  " + line.trim()));
    }

    static boolean awaitLine(Path log, Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().anyMatch(line -> pattern.matcher(line).find())) {
                return true;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return false;
    }
}
