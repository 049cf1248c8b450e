package io.xaa.keycloak.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
        List<Long> pids = cluster.pids();
        List<String> listening = owned(ss("-H", "-tulpn"), pids);
        List<String> connected = owned(ss("-H", "-tnp"), pids);
        assertFalse(listening.isEmpty(), "ss shows the nodes' listening sockets (run as a user who may see their PIDs)");
        for (String line : listening) {
            // Netid State Recv-Q Send-Q Local Peer Process
            String local = line.trim().split("\\s+")[4];
            if (!loopback(local)) {
                fail("a node listens beyond the loopback: " + line);
            }
        }
        for (String line : connected) {
            // State Recv-Q Send-Q Local Peer Process
            String[] columns = line.trim().split("\\s+");
            if (!loopback(columns[3]) || !loopback(columns[4])) {
                fail("a node's connection leaves the loopback: " + line);
            }
        }
        System.out.println("sockets of both nodes on 127.0.0.1: " + listening.size() + " listening, " + connected.size() + " connected");
        listening.forEach(line -> System.out.println("  " + line.trim()));
    }

    static boolean loopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::ffff:127.");
    }

    /** The lines of {@code ss} output whose process is one of {@code pids}. */
    static List<String> owned(List<String> lines, List<Long> pids) {
        return lines.stream().filter(line -> pids.stream().anyMatch(pid -> line.contains("pid=" + pid + ","))).toList();
    }

    static List<String> ss(String... options) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ss"));
        command.addAll(List.of(options));
        Process ss = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ss.waitFor(30, TimeUnit.SECONDS), "ss finished");
        assertEquals(0, ss.exitValue(), output);
        return output.lines().toList();
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
