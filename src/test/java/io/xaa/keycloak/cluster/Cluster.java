package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.DatabaseServer;
import io.xaa.keycloak.it.Kc;
import io.xaa.keycloak.it.KeycloakServer;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh build} once, {@code start --optimized} from two copies of the
 * built home: a home's data/ and transaction logs belong to one process), clustered by Keycloak's own Infinispan over
 * the {@code jdbc-ping} stack on one PostgreSQL. Every socket is bound to 127.0.0.1. Node A is where the tests
 * administer; node B is the one they kill and restart.
 */
public final class Cluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String REALM = "cluster-it";
    public static final String CLEARED_GROUP_ID = "6f000000-0000-4000-a000-000000000001";
    /** The tasks run every few seconds, so a test sees several intervals; audit records are kept for the whole run. */
    public static final String FOLD_INTERVAL = "PT3S";
    public static final String PURGE_INTERVAL = "PT3S";

    /** One node's ports and home. */
    record NodeSpec(int httpPort, int jgroupsPort, Path home, Path log) {
        int managementPort() {
            return httpPort + 10;
        }
    }

    private final DatabaseServer database;
    private final NodeSpec specA;
    private final NodeSpec specB;
    private final String publicUrl;
    private KeycloakServer nodeA;
    private KeycloakServer nodeB;
    private Kc a;
    private Kc b;

    private Cluster(DatabaseServer database, NodeSpec specA, NodeSpec specB) {
        this.database = database;
        this.specA = specA;
        this.specB = specB;
        // What a load balancer's address is in production: one issuer for both nodes, so either verifies the other's tokens.
        this.publicUrl = "http://localhost:" + specA.httpPort();
    }

    /** PostgreSQL, the build, then node A and node B (B joins A's cluster); everything is stopped if any step fails. */
    static Cluster start() throws Exception {
        Map<String, String> settings = KeycloakServer.testSettings();
        Path dir = Path.of(settings.get("build.dir"), "kc-cluster");
        Files.createDirectories(dir);
        // The logs are appended to (a restarted node keeps its first run's lines): each run starts them afresh.
        for (String log : List.of("postgres.log", "build.log", "node-a.log", "node-b.log")) {
            Files.deleteIfExists(dir.resolve(log));
        }
        DatabaseServer database = DatabaseServer.start(DatabaseServer.Kind.POSTGRES, port("cluster.db.port", 18733), dir.resolve("postgres.log"));
        Cluster cluster = null;
        try {
            database.createDatabase(DATABASE);
            Path built = dir.resolve("built");
            KeycloakServer.copyHome(Path.of(settings.get("kc.home")), built);
            KeycloakServer.build(built, Path.of(settings.get("provider.jar")), buildOptions(), dir.resolve("build.log"));
            NodeSpec specA = new NodeSpec(port("cluster.port.a", 18680), port("cluster.jgroups.a", 18720),
                    dir.resolve("node-a"), dir.resolve("node-a.log"));
            NodeSpec specB = new NodeSpec(port("cluster.port.b", 18700), port("cluster.jgroups.b", 18740),
                    dir.resolve("node-b"), dir.resolve("node-b.log"));
            KeycloakServer.copyHome(built, specA.home());
            KeycloakServer.copyHome(built, specB.home());
            cluster = new Cluster(database, specA, specB);
            cluster.nodeA = cluster.startNode(specA);
            cluster.a = new Kc(cluster.nodeA);
            cluster.nodeB = cluster.startNode(specB);
            cluster.b = new Kc(cluster.nodeB);
            cluster.a.createRealm("cluster-it-realm.json");
            return cluster;
        } catch (Exception | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                database.close();
            }
            throw e;
        }
    }

    /** Build-time options: the database vendor, the features, and health checks (served on the management port). */
    static List<String> buildOptions() {
        return List.of("--db=postgres", "--features=" + KeycloakServer.FEATURES, "--health-enabled=true");
    }

    /** Runtime options of one node; the same for both but for its ports. */
    List<String> nodeOptions(NodeSpec spec) {
        List<String> options = new ArrayList<>(List.of(
                "--http-enabled=true", "--http-host=127.0.0.1", "--hostname=" + publicUrl,
                "--http-management-host=127.0.0.1", "--http-management-port=" + spec.managementPort(),
                "--cache=ispn", "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1", "--cache-embedded-network-bind-port=" + spec.jgroupsPort(),
                "--bootstrap-admin-username=" + KeycloakServer.ADMIN_USER, "--bootstrap-admin-password=" + KeycloakServer.ADMIN_PASSWORD,
                "--spi-xaa-connection-registry--jpa--usage-fold-interval=" + FOLD_INTERVAL,
                // Far above any request's duration under this suite's load, as the default is in production (see UsageFoldTask).
                "--spi-xaa-connection-registry--jpa--usage-fold-age=PT5S",
                "--spi-events-listener--xaa-audit--purge-interval=" + PURGE_INTERVAL,
                "--log-level=INFO,io.xaa.keycloak.store.jpa.UsageFoldTask:debug,io.xaa.keycloak.audit.AuditPurgeTask:debug",
                KeycloakServer.DETAILED_ERRORS));
        options.addAll(KeycloakServer.TEST_PASSWORD_HASHING);
        database.keycloakOptions(DATABASE).stream().filter(option -> !option.startsWith("--db=")).forEach(options::add);
        return options;
    }

    /** IPv4 only, so that no socket of the JVM can be an IPv6 wildcard. */
    static Map<String, String> nodeEnvironment() {
        return Map.of("JAVA_OPTS_APPEND", "-Djava.net.preferIPv4Stack=true");
    }

    private KeycloakServer startNode(NodeSpec spec) throws IOException, InterruptedException {
        return KeycloakServer.startOptimized(spec.home(), spec.httpPort(), spec.log(), nodeOptions(spec), nodeEnvironment());
    }

    public Kc a() {
        return a;
    }

    public Kc b() {
        return b;
    }

    public KeycloakServer nodeA() {
        return nodeA;
    }

    public KeycloakServer nodeB() {
        return nodeB;
    }

    public DatabaseServer database() {
        return database;
    }

    /** Both nodes' PIDs (scripts and JVMs). */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(nodeA.pids());
        pids.addAll(nodeB.pids());
        return pids;
    }

    /** SIGKILL to node B's JVM: no shutdown hook, no cache hand-off. */
    public void killB() {
        nodeB.kill();
    }

    /** Starts node B again on its own home and ports, as after a crash. */
    public void restartB() throws IOException, InterruptedException {
        nodeB = startNode(specB);
        b = new Kc(nodeB);
    }

    @Override
    public void close() {
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
        database.close();
    }

    private static int port(String property, int fallback) {
        return Integer.parseInt(System.getProperty(property, Integer.toString(fallback)));
    }
}
