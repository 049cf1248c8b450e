package io.xaa.keycloak.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
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
    /**
     * H2 by default writes commits to its file up to a second later, so a killed server loses that second.
     * With this, a commit is on disk before the response, as with a production database.
     */
    public static final String DURABLE_H2 = "--db-url-properties=;WRITE_DELAY=0";
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

    /** In memory: the tests. */
    public static final List<String> DEV_MEM = List.of("--db=dev-mem");
    /** H2 files in data/: the demo, and tests that restart a server. */
    public static final List<String> DEV_FILE = List.of("--db=dev-file");

    /**
     * @param database     {@link #DEV_MEM}, {@link #DEV_FILE} or a server's options ({@link DatabaseServer#keycloakOptions})
     * @param extraOptions further {@code kc.sh} options
     */
    public static KeycloakServer start(Path home, Path providerJar, Path realmDir, int port, Path log, List<String> database,
                                       List<String> extraOptions) throws IOException, InterruptedException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        // With its time: start-dev re-augments the server (a minute on a busy machine) when a provider's time changed.
        Files.copy(providerJar, providers.resolve("keycloak-cross-app-access.jar"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
        Path importDir = home.resolve("data/import");
        Files.createDirectories(importDir);
        try (Stream<Path> realms = Files.list(realmDir)) {
            for (Path realm : realms.filter(p -> p.toString().endsWith("-realm.json")).toList()) {
                Files.copy(realm, importDir.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-management-port=" + (port + 10), "--import-realm",
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

    /** Stops the server and anything it started; SIGTERM first, SIGKILL after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
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
