package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.Kc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node B is SIGKILLed while both nodes issue ID-JAGs: node A keeps issuing (the longest stall is measured), and once
 * B is back on its own home and ports, every ID-JAG either node returned is in the audit trail.
 */
@ExtendWith(ClusterExtension.class)
class ClusterFailoverIT {

    static final int THREADS_PER_NODE = 2;
    static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(5);
    static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(15);
    /** Node A may pause while the cluster notices B is gone, but not for longer than this. */
    static final Duration LONGEST_ACCEPTABLE_STALL = Duration.ofSeconds(30);

    /** An ID-JAG a node returned, and when its response arrived. */
    record Issued(String node, String jti, long atNanos) {
    }

    @Test
    void nodeAKeepsIssuingWhileBIsKilledAndNothingIssuedIsMissingFromTheAudit(Cluster cluster) throws Exception {
        ClusterAgent agent = new ClusterAgent(cluster.a(), "failover");
        ConcurrentLinkedQueue<Issued> issued = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger refusedOnA = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        List<Future<?>> threads = new ArrayList<>();
        long killedAt;
        try {
            for (String name : List.of("A", "B")) {
                Kc node = name.equals("A") ? cluster.a() : cluster.b();
                String idToken = agent.idToken(node);
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    threads.add(pool.submit(() -> {
                        while (!stop.get()) {
                            try {
                                Kc.Response response = agent.exchange(node, idToken);
                                if (response.status() == 200) {
                                    issued.add(new Issued(name, ClusterAgent.jti(response), System.nanoTime()));
                                } else if (name.equals("A")) {
                                    refusedOnA.incrementAndGet();
                                }
                            } catch (UncheckedIOException nodeGone) {
                                if (name.equals("A")) {
                                    throw nodeGone;
                                }
                                return null;
                            }
                        }
                        return null;
                    }));
                }
            }
            Thread.sleep(LOAD_BEFORE_KILL.toMillis());
            killedAt = System.nanoTime();
            cluster.killB();
            Thread.sleep(LOAD_AFTER_KILL.toMillis());
            stop.set(true);
            for (Future<?> thread : threads) {
                thread.get();
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        long endedAt = System.nanoTime();

        List<Long> onA = issued.stream().filter(i -> i.node().equals("A")).map(Issued::atNanos).sorted().toList();
        long issuedOnB = issued.stream().filter(i -> i.node().equals("B")).count();
        long afterKill = onA.stream().filter(at -> at > killedAt).count();
        Duration stall = longestStall(onA, killedAt, endedAt);
        assertTrue(issuedOnB > 0, "node B issued before it was killed");
        assertTrue(afterKill > 0, "node A issued after B was killed");
        assertEquals(0, refusedOnA.get(), "node A refused none of the exchanges");
        assertTrue(stall.compareTo(LONGEST_ACCEPTABLE_STALL) < 0, "node A stalled for " + stall.toMillis() + " ms");

        long restartStarted = System.nanoTime();
        cluster.restartB();
        Duration restart = Duration.ofNanos(System.nanoTime() - restartStarted);
        Set<String> returned = new HashSet<>();
        issued.forEach(i -> returned.add(i.jti()));
        for (Kc node : List.of(cluster.a(), cluster.b())) {
            Set<String> missing = new HashSet<>(returned);
            missing.removeAll(agent.auditedJtis(node));
            assertEquals(Set.of(), missing, "ID-JAGs returned to the agent but missing from the audit trail");
        }
        System.out.println("node B killed under load: node A issued " + afterKill + " ID-JAGs after the kill, longest stall "
                + stall.toMillis() + " ms; " + returned.size() + " ID-JAGs returned (" + issuedOnB + " by B), all in the audit trail; B back in "
                + restart.toSeconds() + " s");
    }

    /** The longest time without a response from node A from the kill on: between the kill, each issued ID-JAG and the end. */
    static Duration longestStall(List<Long> issuedAt, long killedAt, long endedAt) {
        long longest = 0;
        long previous = killedAt;
        for (long at : issuedAt) {
            if (at > killedAt) {
                longest = Math.max(longest, at - previous);
                previous = at;
            }
        }
        return Duration.ofNanos(Math.max(longest, endedAt - previous));
    }
}
