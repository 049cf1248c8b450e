package io.xaa.keycloak.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.SignedJWT;
import io.xaa.keycloak.it.DatabaseServer;
import io.xaa.keycloak.it.DemoConfiguration;
import io.xaa.keycloak.it.DemoScenario;
import io.xaa.keycloak.it.Kc;
import io.xaa.keycloak.it.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image of {@code docker/Dockerfile}, built by a real Docker engine on the Keycloak image named by
 * {@code keycloak.image} and started as an operator would start it ({@code start --optimized}, PostgreSQL, the
 * demo imported as compose imports it: realm files and {@code --import-realm}, then {@code docker/demo-setup.sh}), runs
 * the README walkthrough and the admin REST API. The container shares the host's
 * network (no traffic leaves loopback here), so it listens on 127.0.0.1:{@code containers.port} (management +10) and
 * reaches a PostgreSQL of Debian's packages on 127.0.0.1:{@code containers.db.port}.
 * {@code mvn -B -Pcontainers verify} runs it; without an engine it is skipped, unless {@code containers.require} is true.
 */
class ContainerImageIT {

    private static final String DATABASE = "keycloak";
    private static final String DEMO_SETUP = "/opt/keycloak/demo/demo-setup.sh";

    private static DatabaseServer database;
    private static GenericContainer<?> keycloak;
    private static Kc kc;
    private static int port;
    /** The management interface: health and metrics. */
    private static String management;

    @BeforeAll
    static void startTheImage() throws Exception {
        Optional<String> missing = KeycloakImage.engineMissing();
        if (missing.isPresent()) {
            if (Boolean.getBoolean("containers.require")) {
                throw new IllegalStateException(missing.get());
            }
            System.out.println("ContainerImageIT skipped: " + missing.get());
            Assumptions.abort(missing.get());
        }
        Path buildDir = Path.of(required("build.dir"));
        Path realmDir = Path.of(required("realm.dir"));
        port = Integer.parseInt(required("containers.port"));
        management = "http://127.0.0.1:" + (port + 10);
        database = DatabaseServer.start(DatabaseServer.Kind.POSTGRES, Integer.parseInt(required("containers.db.port")),
                buildDir.resolve("containers-postgres.log"));
        database.createDatabase(DATABASE);

        Path dockerDir = Path.of(required("docker.dir"));
        String image = KeycloakImage.build(dockerDir.resolve("Dockerfile"), Path.of(required("provider.jar")),
                required("keycloak.image"));
        List<String> command = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname=http://localhost:" + port,
                "--http-management-host=127.0.0.1", "--http-management-port=" + (port + 10),
                // One node: Keycloak's default cluster stack would bind JGroups beyond loopback.
                "--cache=local", "--import-realm"));
        database.keycloakOptions(DATABASE).stream().filter(option -> !option.startsWith("--db=")).forEach(command::add);
        Path log = buildDir.resolve("containers-keycloak.log");
        Files.deleteIfExists(log);
        keycloak = new GenericContainer<>(image)
                .withNetworkMode("host")
                .withCommand(command.toArray(String[]::new))
                .withEnv(KeycloakServer.ACME_BASE_URL_ENV, "http://localhost:" + port)
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD)
                // What compose's demo-setup service mounts, at the same paths.
                .withCopyFileToContainer(MountableFile.forHostPath(dockerDir.resolve("demo-setup.sh"), 0755), DEMO_SETUP)
                .withCopyFileToContainer(MountableFile.forHostPath(realmDir.resolve(DemoConfiguration.FILE), 0644),
                        "/opt/keycloak/demo/" + DemoConfiguration.FILE)
                .withLogConsumer(frame -> append(log, frame.getUtf8String()))
                .waitingFor(Wait.forLogMessage(".*Listening on: http://127\\.0\\.0\\.1:" + port + ".*", 1)
                        .withStartupTimeout(Duration.ofMinutes(5)));
        for (Path realm : KeycloakServer.realmFiles(realmDir)) {
            keycloak.withCopyFileToContainer(MountableFile.forHostPath(realm, 0644), "/opt/keycloak/data/import/" + realm.getFileName());
        }
        keycloak.start();
        kc = new Kc("http://localhost:" + port);
        awaitReady(Duration.ofMinutes(5));
        Container.ExecResult setup = keycloak.execInContainer("env", "KEYCLOAK_URL=" + kc.baseUrl(), "bash", DEMO_SETUP);
        assertEquals(0, setup.getExitCode(), setup.toString());
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theImageRunsTheOptimizedBuildAsTheKeycloakUser() throws Exception {
        Container.ExecResult uid = keycloak.execInContainer("id", "-u");
        assertEquals("1000", uid.getStdout().trim(), uid.toString());
        Container.ExecResult providers = keycloak.execInContainer("bash", "-c", "ls /opt/keycloak/providers/*.jar");
        assertEquals("/opt/keycloak/providers/" + KeycloakServer.PROVIDER_FILE, providers.getStdout().trim(), providers.toString());
        String logs = keycloak.getLogs();
        assertFalse(logs.contains("Updating the configuration and installing your custom providers"),
                "start --optimized must not re-augment: the build options of the image are the ones it runs with");
        Kc.Response health = kc.get(management + "/health/ready");
        assertEquals(200, health.status(), health.toString());
        assertEquals("UP", health.json().get("status").asText());
        Kc.Response metrics = kc.get(management + "/metrics");
        assertEquals(200, metrics.status(), "metrics are built in");
    }

    /** compose.yaml's health check of Keycloak, run in this container (on its management port): it has no curl. */
    @Test
    void composesHealthCheckPassesOnTheImageAndFailsOnAnUnhealthyAnswer() throws Exception {
        String line = Files.readAllLines(Path.of(required("docker.dir")).resolve("compose.yaml")).stream()
                .filter(each -> each.contains("test: [\"CMD\", \"bash\"")).findFirst().orElseThrow();
        List<String> test = new ArrayList<>();
        Kc.JSON.readTree(line.substring(line.indexOf('['))).forEach(word -> test.add(word.asText()));
        // Compose's interpolation: $$ is a literal $.
        String script = test.get(3).replace("$$", "$").replace("/9000", "/" + (port + 10));
        Container.ExecResult healthy = keycloak.execInContainer(test.get(1), test.get(2), script);
        assertEquals(0, healthy.getExitCode(), healthy.toString());
        Container.ExecResult unhealthy = keycloak.execInContainer(test.get(1), test.get(2), script.replace("/health/ready", "/health/absent"));
        assertEquals(1, unhealthy.getExitCode(), "a 404 is not healthy: " + unhealthy);
    }

    @Test
    void aliceIdTokenBecomesAnIdJagThatToolsRedeems() throws Exception {
        Kc.Response exchanged = DemoScenario.exchange(kc, DemoScenario.idToken(kc, "alice"), "files:read calendar:write");
        assertEquals(200, exchanged.status(), exchanged.toString());
        assertEquals(Kc.ID_JAG, exchanged.json().get("issued_token_type").asText());
        assertEquals("files:read", exchanged.json().get("scope").asText());
        SignedJWT idJag = SignedJWT.parse(exchanged.json().get("access_token").asText());
        assertEquals(new JOSEObjectType("oauth-id-jag+jwt"), idJag.getHeader().getType());
        assertEquals(List.of(kc.issuer("tools")), idJag.getJWTClaimsSet().getAudience());
        assertTrue(kc.verifiedIdJag("acme", exchanged).getJWTID() != null, "signed with a key of acme's JWKS");

        Kc.Response redeemed = DemoScenario.redeem(kc, idJag.serialize());
        assertEquals(200, redeemed.status(), redeemed.toString());
        JsonNode accessToken = Kc.claims(redeemed.json().get("access_token").asText());
        assertEquals(kc.issuer("tools"), accessToken.get("iss").asText());
        assertEquals("alice", accessToken.get("preferred_username").asText());

        // The audit record is in the container's database, PostgreSQL, before the ID-JAG reached us.
        try (Connection connection = database.connect(DATABASE);
             PreparedStatement query = connection.prepareStatement("SELECT type, outcome, client_id FROM xaa_audit_record WHERE jti = ?")) {
            query.setString(1, idJag.getJWTClaimsSet().getJWTID());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "an audit record for the ID-JAG's jti");
                assertEquals(List.of("ID_JAG_ISSUED", "SUCCESS", DemoScenario.AGENT), List.of(row.getString(1), row.getString(2), row.getString(3)));
            }
        }
    }

    @Test
    void anAdminCreatesReadsUpdatesAndDeletesAResourceAppThroughTheRestApi() {
        String audience = "https://containers.tools.example";
        String path = "/acme/cross-app-access/resource-apps";
        Kc.Response created = kc.admin("POST", path, Kc.body("name", "Container round trip", "audience", audience, "scopes", List.of("read")));
        assertEquals(201, created.status(), created.toString());
        String id = created.createdId();

        JsonNode read = kc.admin("GET", path + "/" + id, null).json();
        assertEquals(audience, read.get("audience").asText());
        assertEquals("Container round trip", read.get("name").asText());

        Kc.Response updated = kc.admin("PUT", path + "/" + id, Kc.body("name", "Container round trip, renamed", "audience", audience,
                "scopes", List.of("read")));
        assertEquals(200, updated.status(), updated.toString());
        assertEquals("Container round trip, renamed", kc.admin("GET", path + "/" + id, null).json().get("name").asText());

        assertEquals(204, kc.admin("DELETE", path + "/" + id, null).status());
        assertEquals(404, kc.admin("GET", path + "/" + id, null).status());
    }

    /** Keycloak listens before its database bootstrap ends (503 until then): ready is what its readiness check says. */
    private static void awaitReady(Duration timeout) throws InterruptedException {
        String ready = management + "/health/ready";
        long deadline = System.nanoTime() + timeout.toNanos();
        Kc.Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = kc.get(ready);
                if (last.status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = null;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the container was not ready within " + timeout + " (" + last + "); see its log");
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run `mvn -B -Pcontainers verify`");
        }
        return value;
    }

    private static synchronized void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
