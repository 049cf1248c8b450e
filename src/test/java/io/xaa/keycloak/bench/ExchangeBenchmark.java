package io.xaa.keycloak.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.xaa.keycloak.it.DatabaseServer;
import io.xaa.keycloak.it.Kc;
import io.xaa.keycloak.it.KeycloakServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ID-JAG exchange against Keycloak's own grants on one Keycloak 26.7.4 with this JAR, same server, same run, same
 * client threads (so the machine cancels out). Phases: (a) the ID-JAG exchange in realms of 10, 1,000 and 10,000
 * connections; (b) Keycloak's standard token exchange with the realm's event store on for token exchange events, (b0)
 * the same with the store off; (c) the client_credentials grant. Each phase warms up, then is timed; the phases run in
 * a rotated order in every round, and each ratio is the median of the rounds' ratios. Any answer but 200 stops the run.
 * Run with {@code bench/run.sh}; the printed lines are its contract (README, "Performance").
 */
public final class ExchangeBenchmark {

    private static final int PORT = 18780;
    private static final int DATABASE_PORT = 18832;
    private static final String TOKEN_EXCHANGE_EVENTS = "token-exchange-events";
    private static final String TOKEN_EXCHANGE = "token-exchange";
    private static final String CLIENT_CREDENTIALS = "client-credentials";

    private final Settings settings;
    private final Kc kc;
    private final Profiler profiler;
    private final ServerCpu cpu;

    private ExchangeBenchmark(Settings settings, Kc kc, Profiler profiler, ServerCpu cpu) {
        this.settings = settings;
        this.kc = kc;
        this.profiler = profiler;
        this.cpu = cpu;
    }

    /** The run's knobs, from the system properties {@code bench/run.sh} passes. */
    record Settings(String database, int threads, int seconds, int warmupSeconds, int firstWarmupSeconds, int rounds, List<Integer> sizes,
                    boolean profile) {

        static Settings fromSystemProperties() {
            String database = System.getProperty("bench.db", "h2");
            if (!database.equals("h2") && !database.equals("postgres")) {
                throw new IllegalArgumentException("BENCH_DB is h2 or postgres, not " + database);
            }
            List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "10,1000,10000").split(","))
                    .map(String::trim).map(Integer::valueOf).sorted().toList();
            Settings settings = new Settings(database, Integer.getInteger("bench.threads", 4), Integer.getInteger("bench.seconds", 4),
                    Integer.getInteger("bench.warmup", 1), Integer.getInteger("bench.warmupFirst", 10), Integer.getInteger("bench.rounds", 12), sizes,
                    List.of("1", "true").contains(System.getProperty("bench.profile", "false")));
            if (settings.rounds < 3) {
                throw new IllegalArgumentException("at least 3 rounds: the ratios are medians over rounds");
            }
            return settings;
        }

        int largest() {
            return sizes.get(sizes.size() - 1);
        }

        int smallest() {
            return sizes.get(0);
        }
    }

    /** args: Keycloak home, provider JAR, results directory. */
    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path home = Path.of(args[0]);
        Path results = Path.of(args[2]);
        Files.createDirectories(results);
        Path emptyRealmDir = Files.createTempDirectory("xaa-bench-realms");
        Path log = home.getParent().resolve("keycloak-bench.log");
        DatabaseServer database = settings.database().equals("postgres")
                ? DatabaseServer.start(DatabaseServer.Kind.POSTGRES, DATABASE_PORT, home.getParent().resolve("postgres-bench.log")) : null;
        try {
            List<String> databaseOptions = KeycloakServer.DEV_MEM;
            if (database != null) {
                database.createDatabase("keycloak");
                databaseOptions = database.keycloakOptions("keycloak");
            }
            try (KeycloakServer server = KeycloakServer.start(home, Path.of(args[1]), emptyRealmDir, PORT, log, databaseOptions, List.of())) {
                Profiler profiler = new Profiler(server, results);
                ServerCpu cpu = new ServerCpu(() -> {
                    List<Long> pids = new ArrayList<>(server.pids());
                    if (database != null) {
                        pids.addAll(ServerCpu.withDescendants(database.pid()));
                    }
                    return pids;
                });
                new ExchangeBenchmark(settings, new Kc(server), profiler, cpu).run(results);
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    private void run(Path resultsDir) throws Exception {
        Map<Integer, BenchRealm> realms = new LinkedHashMap<>();
        for (int size : settings.sizes()) {
            long started = System.nanoTime();
            realms.put(size, BenchRealm.create(kc, size));
            System.out.printf("realm bench-%d: %d connections, %d resource apps, set up in %.1f s%n", size, size, size / BenchRealm.CLIENTS,
                    (System.nanoTime() - started) / 1e9);
        }
        BenchRealm baselineRealm = realms.get(settings.largest());
        Map<String, Phase> phases = new LinkedHashMap<>();
        for (int size : settings.sizes()) {
            BenchRealm realm = realms.get(size);
            phases.put(idJag(size), new Phase(realm, false, realm::idJag));
        }
        phases.put(TOKEN_EXCHANGE_EVENTS, new Phase(baselineRealm, true, baselineRealm::standardTokenExchange));
        phases.put(TOKEN_EXCHANGE, new Phase(baselineRealm, false, baselineRealm::standardTokenExchange));
        phases.put(CLIENT_CREDENTIALS, new Phase(baselineRealm, false, baselineRealm::clientCredentials));

        List<String> names = new ArrayList<>(phases.keySet());
        // The JIT compiles the server's paths under load for well over a minute on 2 cores: every phase runs once first.
        for (String name : names) {
            phases.get(name).prepare();
            run(name, phases.get(name), settings.firstWarmupSeconds());
        }
        List<Map<String, Load.Result>> rounds = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            // Each round starts one phase later, so no phase always runs first or right after the same neighbour.
            List<String> order = rotated(names, round);
            System.out.printf("round %d: %s%n", round + 1, String.join(", ", order));
            Map<String, Load.Result> results = new LinkedHashMap<>();
            for (String name : order) {
                phases.get(name).prepare();
                run(name, phases.get(name), settings.warmupSeconds());
                results.put(name, run(name, phases.get(name), settings.seconds()));
            }
            rounds.add(results);
        }
        if (settings.profile()) {
            // A round of its own, after the timed ones: a recording slows the server down and must not enter a ratio.
            for (String name : names) {
                phases.get(name).prepare();
                profiler.start(name);
                run(name, phases.get(name), settings.seconds());
                profiler.stop(name);
            }
        }
        AdminPage adminPage = AdminPage.measure(kc, baselineRealm.name());
        report(names, rounds, adminPage, resultsDir);
    }

    private Load.Result run(String name, Phase phase, int seconds) throws Exception {
        return Load.run(name, phase.request(), settings.threads(), seconds, cpu);
    }

    private record Phase(BenchRealm realm, boolean eventStore, Supplier<Kc.Response> request) {

        /** Keycloak's event store as this phase needs it: on only for (b). */
        void prepare() {
            realm.storeTokenExchangeEvents(eventStore);
        }
    }

    private void report(List<String> names, List<Map<String, Load.Result>> rounds, AdminPage adminPage, Path resultsDir) throws Exception {
        String idJag = idJag(settings.largest());
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("ratio idjag/" + TOKEN_EXCHANGE_EVENTS, medianRatio(rounds, idJag, TOKEN_EXCHANGE_EVENTS));
        ratios.put("ratio idjag/" + TOKEN_EXCHANGE, medianRatio(rounds, idJag, TOKEN_EXCHANGE));
        ratios.put("ratio idjag/" + CLIENT_CREDENTIALS, medianRatio(rounds, idJag, CLIENT_CREDENTIALS));
        ratios.put("scaling " + idJag + "/" + idJag(settings.smallest()), medianRatio(rounds, idJag, idJag(settings.smallest())));

        System.out.printf("%nKeycloak 26.7.4 (start-dev), database %s, %d client threads, %d rounds of %d s per phase after %d s warm-up "
                        + "(%d s per phase before the first round), %d cores; ratios are throughput, %s against each baseline, median over rounds%n",
                settings.database(), settings.threads(), settings.rounds(), settings.seconds(), settings.warmupSeconds(),
                settings.firstWarmupSeconds(), Runtime.getRuntime().availableProcessors(), idJag);
        Map<String, Object> phaseJson = new LinkedHashMap<>();
        for (String name : names) {
            List<Load.Result> perRound = rounds.stream().map(round -> round.get(name)).toList();
            Load.Result all = Load.Result.merge(perRound);
            double[] rates = perRound.stream().mapToDouble(Load.Result::perSecond).toArray();
            System.out.printf(Locale.ROOT, "phase %s: %.1f req/s (rounds %s), p50 %.1f ms, p99 %.1f ms, server CPU %.2f ms/request%n",
                    name, median(rates), Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()), all.percentileMillis(50),
                    all.percentileMillis(99), all.serverCpuPerRequest());
            phaseJson.put(name, Map.of("requestsPerSecondByRound", rates, "requests", all.sortedNanos().length,
                    "p50Ms", all.percentileMillis(50), "p99Ms", all.percentileMillis(99), "serverCpuMsPerRequest", all.serverCpuPerRequest()));
        }
        ratios.forEach((line, value) -> System.out.printf(Locale.ROOT, "%s: %.2f%n", line, value));
        System.out.printf("admin first page at %d connections: %d ms%n", settings.largest(), adminPage.worstMillis());
        System.out.printf("  (GET connections?first=0&max=20: median %d ms; the console's connections page, its API calls as it makes them: "
                + "median %d ms; %d tries each after %d warm-ups)%n", adminPage.restMillis(), adminPage.consoleMillis(),
                AdminPage.TRIES, AdminPage.WARMUPS);

        Map<String, Object> json = new LinkedHashMap<>();
        String at = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        json.put("at", at);
        json.put("settings", settings);
        json.put("cores", Runtime.getRuntime().availableProcessors());
        json.put("phases", phaseJson);
        json.put("ratios", ratios);
        json.put("adminFirstPageMs", Map.of("rest", adminPage.restMillis(), "console", adminPage.consoleMillis()));
        Path file = resultsDir.resolve(at.replace(":", "") + "-" + settings.database() + ".json");
        Files.writeString(file, Kc.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        System.out.println("raw results: " + file);
    }

    private static String idJag(int size) {
        return "idjag(" + size + ")";
    }

    private static double medianRatio(List<Map<String, Load.Result>> rounds, String numerator, String denominator) {
        return median(rounds.stream().mapToDouble(round -> round.get(numerator).perSecond() / round.get(denominator).perSecond()).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static List<String> rotated(List<String> names, int by) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(names.get((i + by) % names.size()));
        }
        return order;
    }
}
