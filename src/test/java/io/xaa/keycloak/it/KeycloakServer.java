package io.xaa.keycloak.it;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak distribution started as its own process with this project's JAR in {@code providers/}.
 * Used by the integration tests (one server per run) and by the demo. It is always stopped by its PID.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The acme base URL that tools' identity provider trusts; the realm file reads it as a placeholder. */
    public static final String ACME_BASE_URL_ENV = "XAA_DEMO_ACME_BASE_URL";
    public static final String FEATURES = "identity-assertion-jwt,jwt-authorization-grant";
    /** The JAR's name in {@code providers/} (docker/Dockerfile uses the same). */
    public static final String PROVIDER_FILE = "keycloak-cross-app-access.jar";
    /**
     * H2 by default writes commits to its file up to a second later, so a killed server loses that second.
     * With this, a commit is on disk before the response, as with a production database.
     */
    public static final String DURABLE_H2 = "--db-url-properties=;WRITE_DELAY=0";
    /**
     * Test servers hash passwords with argon2 at 1 pass over 64 KiB, not Keycloak's 5 passes over 7 MiB: most tests
     * start with a login, and here the default cost 155 ms of CPU per password grant (measured: 40
     * grants took 11.3 s of Keycloak CPU with it, 5.0 s with this). How a password is hashed is Keycloak's, not
     * ours; the demo, the benchmark and the container image keep the default.
     */
    public static final List<String> TEST_PASSWORD_HASHING = List.of("--spi-password-hashing--argon2--iterations=1",
            "--spi-password-hashing--argon2--memory=64");
    /** Refused clients read the precise reason (the default is a generic text): the tests and the demo assert and show it. */
    public static final String DETAILED_ERRORS = "--spi-oauth2-token-exchange--xaa-id-jag--error-descriptions=detailed";

    private final Process process;
    private final int port;
    private final Path log;

    private KeycloakServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** In memory: the benchmark. */
    public static final List<String> DEV_MEM = List.of("--db=dev-mem");
    /** H2 files in data/: the demo, and tests that restart a server. */
    public static final List<String> DEV_FILE = List.of("--db=dev-file");

    /**
     * @param database     {@link #DEV_MEM}, {@link #DEV_FILE} or a server's options ({@link DatabaseServer#keycloakOptions})
     * @param extraOptions further {@code kc.sh} options
     */
    public static KeycloakServer start(Path home, Path providerJar, Path realmDir, int port, Path log, List<String> database,
                                       List<String> extraOptions) throws IOException, InterruptedException {
        requireFreePort(port);
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        // Keycloak re-augments (20 s and more) when a provider's modification time changes: keep the built JAR's.
        Files.copy(providerJar, providers.resolve(PROVIDER_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        for (Path realm : realmFiles(realmDir)) {
            Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port,
                // Management inherits nothing from dev mode's localhost default: without this it listened on every address.
                "--http-management-host=127.0.0.1", "--http-management-port=" + (port + 10), "--import-realm",
                "--features=" + FEATURES, "--bootstrap-admin-username=" + ADMIN_USER,
                "--bootstrap-admin-password=" + ADMIN_PASSWORD));
        command.addAll(database);
        command.addAll(extraOptions);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put(ACME_BASE_URL_ENV, "http://localhost:" + port);
        Process process = builder.start();
        KeycloakServer server = new KeycloakServer(process, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        // A cold start re-augments Quarkus; on a loaded 2-core machine that alone took over 3 minutes.
        server.awaitReady(Duration.ofMinutes(10));
        return server;
    }

    /** The realm files of a folder that {@code --import-realm} imports: the {@code *-realm.json} ones. */
    public static List<Path> realmFiles(Path realmDir) throws IOException {
        try (Stream<Path> files = Files.list(realmDir)) {
            return files.filter(file -> file.toString().endsWith("-realm.json")).toList();
        }
    }

    /**
     * A copy of a Keycloak home without its data/ (a server's own files: H2, transaction logs, the import folder with
     * other realms), replacing whatever was at {@code to}: a home is never shared by two running servers.
     */
    public static void copyHome(Path from, Path to) throws IOException {
        deleteTree(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /**
     * Production mode, step one: {@code kc.sh build} in {@code home} with this project's JAR and the build-time options
     * ({@code --db}, {@code --features}, ...). A cluster builds one home and starts each node from a copy of it.
     */
    public static void build(Path home, Path providerJar, List<String> buildOptions, Path log) throws IOException, InterruptedException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        Files.copy(providerJar, providers.resolve(PROVIDER_FILE), StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions);
        Files.createDirectories(log.getParent());
        Process build = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.descendants().forEach(ProcessHandle::destroyForcibly);
            build.destroyForcibly();
            throw new IllegalStateException("kc.sh build did not finish within 10 minutes; see " + log);
        }
        if (build.exitValue() != 0) {
            throw new IllegalStateException("kc.sh build failed with " + build.exitValue() + "; see " + log);
        }
    }

    /**
     * Production mode, step two: {@code kc.sh start --optimized} on a home made by {@link #build}, with the runtime options
     * (HTTP, database credentials, cache stack, bootstrap admin are the caller's). The log is appended to, so a restart keeps
     * the first run's lines.
     */
    public static KeycloakServer startOptimized(Path home, int port, Path log, List<String> options, Map<String, String> environment)
            throws IOException, InterruptedException {
        requireFreePort(port);
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized", "--http-port=" + port));
        command.addAll(options);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        KeycloakServer server = new KeycloakServer(builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(Duration.ofMinutes(5));
        return server;
    }

    /**
     * A server already on the port (another build's, or one a crashed test JVM left behind) would answer the readiness
     * check in place of ours, and the tests would run against it.
     */
    private static void requireFreePort(int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is in use: another Keycloak is running there (stop it, or pass -Dkc.port=...)");
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Keycloak was not ready within " + timeout + "; see " + log);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    /** kc.sh runs the JVM as its child: the PIDs of the script and of everything it started, the JVM among them. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        process.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    /** SIGKILL for the server's JVM (a child of kc.sh) and the script itself: no shutdown hook, no flush, as in a power cut. */
    public void kill() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle each : all) {
            each.onExit().join();
        }
    }

    /** Stops the server and anything it started; SIGTERM first, SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        OwnProcess.stop(process);
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /** The options of a test run, from the system properties that failsafe sets. */
    public static Map<String, String> testSettings() {
        return Map.of(
                "kc.home", required("kc.home"),
                "kc.port", System.getProperty("kc.port", "18180"),
                "provider.jar", required("provider.jar"),
                "realm.dir", required("realm.dir"),
                "build.dir", required("build.dir"));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests with `mvn verify`");
        }
        return value;
    }
}
