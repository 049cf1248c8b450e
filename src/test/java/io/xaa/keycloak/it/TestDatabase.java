package io.xaa.keycloak.it;

import io.xaa.keycloak.store.jpa.FirstReleaseDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a test run keeps Keycloak's data: H2 files in the Keycloak home (no {@code kc.db}: the default build) or, in a database profile,
 * a {@link DatabaseServer} started for the run, whose database {@value #KEYCLOAK} the shared Keycloak uses. In a
 * profile that database first holds the first release's schema and rows ({@link FirstReleaseDatabase}), which the
 * shared Keycloak's boot upgrades and {@code DatabaseUpgradeIT} reads back.
 */
public final class TestDatabase implements AutoCloseable {

    static final String KEYCLOAK = "keycloak";
    /** The owner of a further Keycloak's H2 files, named so that a test can open them after that Keycloak is gone. */
    private static final String H2_USER = "xaa";
    private static final String H2_PASSWORD = "xaa";

    private final DatabaseServer server;

    private TestDatabase(DatabaseServer server) {
        this.server = server;
    }

    /** From the system properties {@code kc.db} (postgres, mariadb; absent or empty: H2) and {@code db.port}. */
    static TestDatabase start(Path buildDir) throws Exception {
        String db = System.getProperty("kc.db", "");
        if (db.isEmpty()) {
            return new TestDatabase(null);
        }
        DatabaseServer server = DatabaseServer.start(DatabaseServer.Kind.of(db), Integer.parseInt(System.getProperty("db.port")),
                buildDir.resolve("database-it.log"));
        try {
            server.createDatabase(KEYCLOAK);
            try (Connection connection = server.connect(KEYCLOAK)) {
                FirstReleaseDatabase.createSchema(connection);
                FirstReleaseDatabase.writeRows(connection);
            }
            return new TestDatabase(server);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    /** The run's database server; empty on H2. */
    public Optional<DatabaseServer> server() {
        return Optional.ofNullable(server);
    }

    /**
     * The shared Keycloak's database options. On H2 that is files in {@code home}'s data/, emptied first (a previous
     * run's realms would clash with this one's), not memory: the database is a build option, and AuditIT's restarted
     * server, a copy of this home on H2 files, then starts without re-augmenting (35 s to a minute here).
     */
    List<String> keycloakOptions(Path home) throws IOException {
        if (server != null) {
            return server.keycloakOptions(KEYCLOAK);
        }
        KeycloakServer.deleteTree(home.resolve("data/h2"));
        return KeycloakServer.DEV_FILE;
    }

    /**
     * The database options of a further Keycloak on H2 whose data must outlive its restarts: a file in its own home,
     * durable on commit. H2 by default writes commits to its file up to a second later, so a SIGKILL lost the last
     * second (measured: 8 of 40 issued records gone after the restart); a record is exactly as durable as the commit.
     */
    static List<String> ownDurableH2() {
        List<String> options = new ArrayList<>(KeycloakServer.DEV_FILE);
        options.addAll(List.of(KeycloakServer.DURABLE_H2, "--db-username=" + H2_USER, "--db-password=" + H2_PASSWORD));
        return options;
    }

    /** The H2 file {@link #ownDurableH2} gave the Keycloak in {@code home}, read directly: only while no Keycloak runs on it (H2 locks it). */
    static Connection connectOwnDurableH2(Path home) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + home.resolve("data/h2/keycloakdb") + ";IFEXISTS=TRUE", H2_USER, H2_PASSWORD);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
