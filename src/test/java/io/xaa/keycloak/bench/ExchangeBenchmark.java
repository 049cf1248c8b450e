package io.xaa.keycloak.bench;

import io.xaa.keycloak.it.DemoConfiguration;
import io.xaa.keycloak.it.Kc;
import io.xaa.keycloak.it.KeycloakServer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Throughput and latency of the ID-JAG exchange against Keycloak's own grants, measured in the same run on
 * the same server (so the machine cancels out): the refresh-token grant and Keycloak's standard token
 * exchange (both verify one token and sign new ones), and the password grant (which also hashes a password).
 * Run with {@code bench/run.sh}. Each phase is bounded in time and sends only to the loopback server it started.
 */
public final class ExchangeBenchmark {

    private static final int PORT = 18780;
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 8);

    private ExchangeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path realms = Path.of(args[2]);
        try (KeycloakServer server = KeycloakServer.start(home, Path.of(args[1]), realms, PORT,
                home.getParent().resolve("keycloak-bench.log"), KeycloakServer.DEV_MEM, List.of())) {
            Kc kc = new Kc(server);
            Kc.Response imported = DemoConfiguration.importInto(kc, realms);
            if (imported.status() != 200) {
                throw new IllegalStateException("demo configuration: " + imported);
            }
            enableStandardTokenExchange(kc);
            Kc.Response login = kc.password("acme", "ai-agent", "ai-agent-secret", "alice", "alice", "openid");
            String idToken = login.json().get("id_token").asText();
            String accessToken = login.json().get("access_token").asText();
            String refreshToken = login.json().get("refresh_token").asText();

            Map<String, Supplier<Integer>> phases = new LinkedHashMap<>();
            phases.put("ID-JAG token exchange", () -> kc.token("acme", "ai-agent", "ai-agent-secret", Map.of(
                    "grant_type", Kc.TOKEN_EXCHANGE, "requested_token_type", Kc.ID_JAG, "subject_token_type", Kc.ID_TOKEN,
                    "subject_token", idToken, "audience", kc.issuer("tools"), "scope", "files:read")).status());
            phases.put("Keycloak standard token exchange", () -> kc.token("acme", "ai-agent", "ai-agent-secret", Map.of(
                    "grant_type", Kc.TOKEN_EXCHANGE, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                    "subject_token", accessToken)).status());
            phases.put("Keycloak refresh_token grant", () -> kc.token("acme", "ai-agent", "ai-agent-secret", Map.of(
                    "grant_type", "refresh_token", "refresh_token", refreshToken)).status());
            phases.put("Keycloak password grant", () -> kc.password("acme", "ai-agent", "ai-agent-secret", "alice", "alice", "openid").status());

            Map<String, Result> results = new LinkedHashMap<>();
            for (Map.Entry<String, Supplier<Integer>> phase : phases.entrySet()) {
                run(phase.getValue(), WARMUP_SECONDS);
                results.put(phase.getKey(), run(phase.getValue(), SECONDS));
            }
            System.out.printf("%nKeycloak 26.7.4, %d threads, %d s per phase after %d s warm-up, %d cores%n",
                    THREADS, SECONDS, WARMUP_SECONDS, Runtime.getRuntime().availableProcessors());
            System.out.printf("%-36s %10s %9s %9s %8s%n", "grant", "req/s", "p50 ms", "p99 ms", "non-200");
            results.forEach((name, result) -> System.out.printf("%-36s %10.1f %9.1f %9.1f %8d%n",
                    name, result.perSecond(), result.percentile(50), result.percentile(99), result.failures()));
            Result idJag = results.get("ID-JAG token exchange");
            for (String baseline : List.of("Keycloak standard token exchange", "Keycloak refresh_token grant", "Keycloak password grant")) {
                System.out.printf("ratio ID-JAG / %-30s throughput %.2f, p50 latency %.2f%n", baseline + ":",
                        idJag.perSecond() / results.get(baseline).perSecond(),
                        idJag.percentile(50) / results.get(baseline).percentile(50));
            }
        }
    }

    /** The bench client may use Keycloak's own token exchange too, as the fair baseline. */
    private static void enableStandardTokenExchange(Kc kc) {
        String id = kc.admin("GET", "/acme/clients?clientId=ai-agent", null).json().get(0).get("id").asText();
        var client = (com.fasterxml.jackson.databind.node.ObjectNode) kc.admin("GET", "/acme/clients/" + id, null).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.with("attributes")).put("standard.token.exchange.enabled", "true");
        Kc.Response updated = kc.admin("PUT", "/acme/clients/" + id, client);
        if (updated.status() != 204) {
            throw new IllegalStateException("enabling standard token exchange: " + updated);
        }
    }

    private static Result run(Supplier<Integer> request, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(pool.submit(() -> {
                    List<Long> latencies = new ArrayList<>();
                    long failures = 0;
                    while (System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        if (request.get() != 200) {
                            failures++;
                        }
                        latencies.add(System.nanoTime() - start);
                    }
                    long[] out = new long[latencies.size() + 1];
                    out[0] = failures;
                    for (int j = 0; j < latencies.size(); j++) {
                        out[j + 1] = latencies.get(j);
                    }
                    return out;
                }));
            }
            List<Long> all = new ArrayList<>();
            long failures = 0;
            for (Future<long[]> worker : workers) {
                long[] out = worker.get();
                failures += out[0];
                for (int j = 1; j < out.length; j++) {
                    all.add(out[j]);
                }
            }
            long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(sorted, seconds, failures);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Result(long[] sortedNanos, int seconds, long failures) {
        double perSecond() {
            return (double) sortedNanos.length / seconds;
        }

        double percentile(int p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, index)] / 1_000_000.0;
        }

    }
}
