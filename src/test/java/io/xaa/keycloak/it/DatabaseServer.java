package io.xaa.keycloak.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL or MariaDB server from Debian's packages, started for a test run in a fresh temporary data directory,
 * listening on 127.0.0.1 only (sockets in that directory), and stopped by its own PID; its directory goes with it.
 * The account {@link #USER} may create databases; Keycloak gets one with {@link #createDatabase(String)}.
 */
public final class DatabaseServer implements AutoCloseable {

    public static final String USER = "xaa";
    public static final String PASSWORD = "xaa-test-only";

    /** The two production databases the suites run on besides H2; the name is Keycloak's {@code --db} value. */
    public enum Kind {
        POSTGRES("postgres"), MARIADB("mariadb");

        private final String keycloakDb;

        Kind(String keycloakDb) {
            this.keycloakDb = keycloakDb;
        }

        public String keycloakDb() {
            return keycloakDb;
        }

        public static Kind of(String keycloakDb) {
            return valueOf(keycloakDb.toUpperCase(Locale.ROOT));
        }
    }

    private final Kind kind;
    private final Process process;
    private final Path directory;
    private final int port;
    private final Path log;

    private DatabaseServer(Kind kind, Process process, Path directory, int port, Path log) {
        this.kind = kind;
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.log = log;
    }

    /** Initializes a data directory under the system temp directory and starts the server on 127.0.0.1:{@code port}. */
    public static DatabaseServer start(Kind kind, int port, Path log) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("xaa-" + kind.keycloakDb() + "-");
        Files.createDirectories(log.getParent());
        DatabaseServer server;
        try {
            server = switch (kind) {
                case POSTGRES -> startPostgres(directory, port, log);
                case MARIADB -> startMariadb(directory, port, log);
            };
        } catch (IOException | RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(Duration.ofMinutes(2));
        return server;
    }

    private static DatabaseServer startPostgres(Path directory, int port, Path log) throws IOException, InterruptedException {
        // PostgreSQL refuses to run as root: the data directory and the server belong to Debian's postgres account.
        Path bin = postgresBin();
        Path data = directory.resolve("data");
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, PASSWORD);
        chown(directory, "postgres");
        chown(passwordFile, "postgres");
        run(log, asPostgres(bin.resolve("initdb").toString(), "--pgdata=" + data, "--username=" + USER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"));
        List<String> command = asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-c", "listen_addresses=127.0.0.1", "-p", Integer.toString(port), "-k", directory.toString(),
                "-c", "max_connections=200", "-c", "fsync=on");
        return new DatabaseServer(Kind.POSTGRES, launch(command, log), directory, port, log);
    }

    private static DatabaseServer startMariadb(Path directory, int port, Path log) throws IOException, InterruptedException {
        Path data = directory.resolve("data");
        chown(directory, "mysql");
        run(log, List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=mysql", "--skip-test-db",
                "--auth-root-authentication-method=socket"));
        // Runs at every start: the account the tests and Keycloak use, over TCP on loopback.
        Path init = directory.resolve("init.sql");
        Files.writeString(init, "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + PASSWORD + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'127.0.0.1';\n");
        chown(init, "mysql");
        List<String> command = List.of("mariadbd", "--no-defaults", "--datadir=" + data, "--user=mysql",
                "--bind-address=127.0.0.1", "--port=" + port, "--socket=" + directory.resolve("mariadb.sock"),
                "--pid-file=" + directory.resolve("mariadb.pid"), "--skip-name-resolve", "--init-file=" + init,
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--max-connections=200",
                "--innodb-flush-log-at-trx-commit=1");
        return new DatabaseServer(Kind.MARIADB, launch(command, log), directory, port, log);
    }

    private static Path postgresBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql; install Debian's postgresql"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql; install Debian's postgresql", e);
        }
    }

    /** setpriv execs, so the PID of the process is the server's own. */
    private static List<String> asPostgres(String... command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        full.addAll(List.of(command));
        return full;
    }

    private static void chown(Path path, String account) throws IOException {
        UserPrincipalLookupService accounts = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(accounts.lookupPrincipalByName(account));
        GroupPrincipal group = accounts.lookupPrincipalByGroupName(account);
        view.setGroup(group);
    }

    private static void run(Path log, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " failed; see " + log);
        }
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(kind + " exited with " + process.exitValue() + "; see " + log);
            }
            if (listening()) {
                try (Connection ignored = connect(adminDatabase())) {
                    return;
                } catch (SQLException notYet) {
                    last = notYet;
                }
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException(kind + " was not ready within " + timeout + "; see " + log, last);
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String adminDatabase() {
        return kind == Kind.POSTGRES ? "postgres" : "mysql";
    }

    /** Creates an empty database (UTF-8) owned by {@link #USER}. */
    public void createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection connection = connect(adminDatabase()); Statement statement = connection.createStatement()) {
            statement.executeUpdate(kind == Kind.POSTGRES
                    ? "CREATE DATABASE " + name + " ENCODING 'UTF8'"
                    : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    public String jdbcUrl(String database) {
        return "jdbc:" + (kind == Kind.POSTGRES ? "postgresql" : "mariadb") + "://127.0.0.1:" + port + "/" + database;
    }

    /** The {@code kc.sh} options that put Keycloak on {@code database} of this server. */
    public List<String> keycloakOptions(String database) {
        return List.of("--db=" + kind.keycloakDb(), "--db-url=" + jdbcUrl(database), "--db-username=" + USER,
                "--db-password=" + PASSWORD);
    }

    public Kind kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server by its PID (SIGTERM: a clean shutdown; SIGKILL after 30 s) and removes its directory. */
    @Override
    public void close() {
        OwnProcess.stop(process);
        deleteTree(directory);
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // The temp directory is the only trace left; nothing depends on it.
        }
    }
}
