package io.xaa.keycloak.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@code ss} shows of the servers a test run started: on these machines no socket of theirs may listen or
 * connect beyond the loopback.
 */
public final class LoopbackSockets {

    private LoopbackSockets() {
    }

    /** Fails on any socket of {@code pids}, listening or connected, off 127.0.0.1; returns the listening lines. */
    public static List<String> assertOnLoopback(List<Long> pids) throws IOException, InterruptedException {
        List<String> listening = owned(ss("-H", "-tulpn"), pids);
        List<String> connected = owned(ss("-H", "-tnp"), pids);
        assertFalse(listening.isEmpty(), "ss shows the servers' listening sockets (run as a user who may see their PIDs)");
        for (String line : listening) {
            // Netid State Recv-Q Send-Q Local Peer Process
            if (!loopback(line.trim().split("\\s+")[4])) {
                fail("a server listens beyond the loopback: " + line);
            }
        }
        for (String line : connected) {
            // State Recv-Q Send-Q Local Peer Process
            String[] columns = line.trim().split("\\s+");
            if (!loopback(columns[3]) || !loopback(columns[4])) {
                fail("a server's connection leaves the loopback: " + line);
            }
        }
        return listening;
    }

    static boolean loopback(String address) {
        return address.startsWith("127.") || address.startsWith("[::ffff:127.");
    }

    /** The lines of {@code ss} output whose process is one of {@code pids}. */
    static List<String> owned(List<String> lines, List<Long> pids) {
        return lines.stream().filter(line -> pids.stream().anyMatch(pid -> line.contains("pid=" + pid + ","))).toList();
    }

    private static List<String> ss(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(options));
        Process ss = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ss.waitFor(30, TimeUnit.SECONDS), "ss finished");
        assertEquals(0, ss.exitValue(), output);
        return output.lines().toList();
    }
}
