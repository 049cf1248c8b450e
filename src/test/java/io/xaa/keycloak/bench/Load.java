package io.xaa.keycloak.bench;

import io.xaa.keycloak.it.Kc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Closed-loop load: a fixed number of threads, each sending its next request when the last one is answered. */
final class Load {

    private Load() {
    }

    /** The figures of one timed run. */
    record Result(long[] sortedNanos, double seconds, double serverCpuMillis) {

        /** Milliseconds of server CPU per answered request. */
        double serverCpuPerRequest() {
            return sortedNanos.length == 0 ? Double.NaN : serverCpuMillis / sortedNanos.length;
        }

        double perSecond() {
            return sortedNanos.length / seconds;
        }

        double percentileMillis(int p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, index)] / 1_000_000.0;
        }

        static Result merge(List<Result> results) {
            long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.sortedNanos())).sorted().toArray();
            return new Result(all, results.stream().mapToDouble(Result::seconds).sum(),
                    results.stream().mapToDouble(Result::serverCpuMillis).sum());
        }
    }

    /** A request that was not answered 200: the run stops, since a faster error is not a faster grant. */
    static final class Non200 extends RuntimeException {
        Non200(String phase, Kc.Response response) {
            super(phase + " answered " + response);
        }
    }

    static Result run(String phase, Supplier<Kc.Response> request, int threads, int seconds, ServerCpu cpu) throws Exception {
        double cpuBefore = cpu.millis();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        Kc.Response response = request.get();
                        long took = System.nanoTime() - sent;
                        if (response.status() != 200) {
                            throw new Non200(phase, response);
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                try {
                    all.add(worker.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Non200 non200 ? non200 : e;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuMillis = cpu.millis() - cpuBefore;
            long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(sorted, elapsed, cpuMillis);
        } finally {
            pool.shutdownNow();
        }
    }
}
