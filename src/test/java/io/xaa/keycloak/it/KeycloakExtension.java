package io.xaa.keycloak.it;

import io.xaa.keycloak.it.vetoing.VetoingEventListenerFactory;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Starts one Keycloak for the whole test run (kept in the root store, closed when the run ends, also on
 * failure), on the run's {@link TestDatabase}, and hands test classes a {@link Kc} client for it and that database.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    /**
     * What a server started from a copy of the run's home (AuditIT's, ErrorDescriptionIT's) shares with the run's server:
     * metrics, a build option, so that the copy starts without re-augmenting (35 s to a minute here), and the cheap
     * password hashing of {@link KeycloakServer#TEST_PASSWORD_HASHING}.
     */
    static final List<String> AS_THE_RUNS_SERVER = Stream.concat(Stream.of("--metrics-enabled=true"),
            KeycloakServer.TEST_PASSWORD_HASHING.stream()).toList();

    /**
     * The usage fold runs every few seconds here instead of every 15 minutes, underneath every concurrency
     * test, so a use lost or counted twice by a fold fails them; its debug line shows it ran. Refusals carry
     * the detailed descriptions the tests assert. The rest is {@link #AS_THE_RUNS_SERVER}.
     */
    static final List<String> FOLD_OFTEN = Stream.concat(Stream.of(
            "--spi-xaa-connection-registry--jpa--usage-fold-interval=PT3S",
            "--spi-xaa-connection-registry--jpa--usage-fold-age=PT2S",
            "--log-level=INFO,io.xaa.keycloak.store.jpa.UsageFoldTask:debug",
            KeycloakServer.DETAILED_ERRORS), AS_THE_RUNS_SERVER.stream()).toList();

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    static Running running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> start(), Running.class);
    }

    /** The database first (a server in a database profile), then Keycloak on it. */
    private static Running start() {
        Map<String, String> settings = KeycloakServer.testSettings();
        int port = Integer.parseInt(settings.get("kc.port"));
        Path build = Path.of(settings.get("build.dir"));
        TestDatabase database;
        try {
            database = TestDatabase.start(build);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the database", e);
        }
        try {
            Path home = Path.of(settings.get("kc.home"));
            writeTestListener(home.resolve("providers"));
            KeycloakServer server = KeycloakServer.start(home, Path.of(settings.get("provider.jar")),
                    Path.of(settings.get("realm.dir")), port, build.resolve("keycloak-it.log"), database.keycloakOptions(home), FOLD_OFTEN);
            return new Running(database, server, new Kc(server));
        } catch (Exception e) {
            database.close();
            throw new IllegalStateException("could not start Keycloak", e);
        }
    }

    /**
     * A provider JAR of the test listener's classes ({@link VetoingEventListenerFactory}, which acts only on ErrorDescriptionIT's
     * client), in the run's home: every copy of the home (ErrorDescriptionIT's, AuditIT's) then has the same providers and
     * build options as the run's server and starts without re-augmenting (35 s to a minute here).
     */
    static void writeTestListener(Path providers) throws IOException, URISyntaxException {
        Path jar = Files.createDirectories(providers).resolve("xaa-test-vetoing.jar");
        Path classes = Path.of(VetoingEventListenerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = classes.resolve(VetoingEventListenerFactory.class.getPackageName().replace('.', '/'));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/org.keycloak.events.EventListenerProviderFactory"));
            out.write(VetoingEventListenerFactory.class.getName().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Kc.class || parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Running running = running(extension);
        return parameter.getParameter().getType() == Kc.class ? running.kc() : running.database();
    }

    /** One resource, so the order is ours: Keycloak stops before the database it holds connections to. */
    record Running(TestDatabase database, KeycloakServer server, Kc kc) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            try {
                server.close();
            } finally {
                database.close();
            }
        }
    }
}
