package io.xaa.keycloak.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts one Keycloak for the whole test run (kept in the root store, closed when the run ends, also on
 * failure) and hands test classes a {@link Kc} client for it.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    /**
     * The usage fold runs every few seconds here instead of every 15 minutes, underneath every concurrency
     * test, so a use lost or counted twice by a fold fails them; its debug line shows it ran. Refusals carry
     * the detailed descriptions the tests assert.
     */
    static final List<String> FOLD_OFTEN = List.of(
            "--spi-xaa-connection-registry--jpa--usage-fold-interval=PT3S",
            "--spi-xaa-connection-registry--jpa--usage-fold-age=PT2S",
            "--log-level=INFO,io.xaa.keycloak.store.jpa.UsageFoldTask:debug",
            KeycloakServer.DETAILED_ERRORS);

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    static Kc running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server", key -> start(), Running.class).kc();
    }

    private static Running start() {
        Map<String, String> settings = KeycloakServer.testSettings();
        int port = Integer.parseInt(settings.get("kc.port"));
        try {
            KeycloakServer server = KeycloakServer.start(Path.of(settings.get("kc.home")), Path.of(settings.get("provider.jar")),
                    Path.of(settings.get("realm.dir")), port, Path.of(settings.get("build.dir"), "keycloak-it.log"), KeycloakServer.DEV_MEM,
                    FOLD_OFTEN);
            return new Running(server, new Kc(server));
        } catch (Exception e) {
            throw new IllegalStateException("could not start Keycloak", e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Kc.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return running(extension);
    }

    private record Running(KeycloakServer server, Kc kc) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
