package io.xaa.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CPU time the server side spent (Keycloak's JVM and, on PostgreSQL, the database's processes), read from
 * {@code /proc}: divided by the requests of a phase it is what one request costs the machine, a steadier figure than
 * throughput on a machine whose speed drifts.
 */
final class ServerCpu {

    /** Linux reports process times in clock ticks of 1/100 s. */
    private static final double MILLIS_PER_TICK = 10.0;

    private final Supplier<List<Long>> pids;

    ServerCpu(Supplier<List<Long>> pids) {
        this.pids = pids;
    }

    /** User plus system time of every process of the server, in milliseconds. */
    double millis() {
        long ticks = 0;
        for (long pid : pids.get()) {
            ticks += ticks(pid);
        }
        return ticks * MILLIS_PER_TICK;
    }

    /** The processes under a root (the database's backends come and go) and the root itself. */
    static List<Long> withDescendants(long root) {
        List<Long> all = new ArrayList<>(List.of(root));
        ProcessHandle.of(root).ifPresent(handle -> handle.descendants().forEach(child -> all.add(child.pid())));
        return all;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // Fields after the command (which may hold spaces) are space-separated; utime and stime are the 14th and 15th.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
