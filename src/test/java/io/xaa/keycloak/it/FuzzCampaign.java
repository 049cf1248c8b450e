package io.xaa.keycloak.it;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded, time-bounded fuzz run on a few threads. Request {@code i} draws from a {@link Random} made from the
 * seed and {@code i} alone, so {@code -Dfuzz.seed} replays the same requests whatever the thread interleaving.
 * It tallies outcomes by name and keeps the first failures (described without any token) for the report.
 */
final class FuzzCampaign {

    /** What one generated request does; it reports through {@link #count} and {@link #fail}. */
    @FunctionalInterface
    interface Probe {
        void run(int index, Random random);
    }

    private static final int THREADS = 4;
    private static final int EXAMPLES = 30;

    final long seed;
    final int requests;
    final Duration bound;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failuresByMutation = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exampleCount = new AtomicInteger();
    private long elapsedMillis;

    private FuzzCampaign(long seed, int requests, Duration bound) {
        this.seed = seed;
        this.requests = requests;
        this.bound = bound;
    }

    /** Seed from {@code -Dfuzz.seed} (else 1, so CI replays one known campaign; pass another to explore), count from {@code countProperty}, bound from {@code -Dfuzz.seconds}. */
    static FuzzCampaign configured(String name, String countProperty, int defaultRequests, Duration defaultBound) {
        long seed = Long.getLong("fuzz.seed", 1L);
        int requests = Integer.getInteger(countProperty, defaultRequests);
        Duration bound = Duration.ofSeconds(Long.getLong("fuzz.seconds", defaultBound.toSeconds()));
        System.out.println(name + " fuzz: seed=" + seed + " (replay with -Dfuzz.seed=" + seed + ") requests=" + requests + " bound=" + bound);
        return new FuzzCampaign(seed, requests, bound);
    }

    /** The fuzzer talks to the test server only: its base URL must resolve to a loopback address. */
    static void requireLoopback(String baseUrl) {
        try {
            assertTrue(InetAddress.getByName(URI.create(baseUrl).getHost()).isLoopbackAddress(), "not loopback: " + baseUrl);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs until {@link #requests} are done or the time bound passes; returns how many were done. */
    int run(Probe probe) throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + bound.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                int index;
                while (System.nanoTime() < deadline && (index = next.getAndIncrement()) < requests) {
                    try {
                        probe.run(index, new Random(seed * 31 + index));
                    } catch (RuntimeException | StackOverflowError e) {
                        fail("exception", "request " + index, e.toString());
                    }
                    done.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(bound.toSeconds() + 120, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        return done.get();
    }

    void count(String outcome) {
        counts.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    long tally(String outcome) {
        LongAdder adder = counts.get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    /** A failed oracle check: counted under {@code category} and under the mutation that caused it. */
    void fail(String category, String mutation, String detail) {
        count(category);
        failuresByMutation.computeIfAbsent(category + " <- " + mutation, k -> new LongAdder()).increment();
        if (exampleCount.getAndIncrement() < EXAMPLES) {
            examples.add(category + " [" + mutation + "] " + detail);
        }
    }

    /** One line of at most 160 characters, for a report. */
    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "…" : oneLine;
    }

    long seconds() {
        return Math.round(elapsedMillis / 1000.0);
    }

    /** The failures by category and mutation, most frequent first, then the first examples. */
    String report() {
        Map<String, Long> sorted = new TreeMap<>();
        failuresByMutation.forEach((k, v) -> sorted.put(k, v.sum()));
        String byMutation = sorted.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> "  " + e.getValue() + " x " + e.getKey()).collect(Collectors.joining("\n"));
        return "failures by mutation:\n" + byMutation + "\nfirst failures:\n  " + String.join("\n  ", examples);
    }
}
