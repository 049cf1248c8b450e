package io.xaa.keycloak.demo;

import io.xaa.keycloak.it.DemoConfiguration;
import io.xaa.keycloak.it.Kc;
import io.xaa.keycloak.it.KeycloakServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn -Pdemo verify}: Keycloak 26.7.4 with this extension on http://localhost:8080, an H2 file
 * database under {@code .demo/} that survives restarts, the realms of {@code realm-exports/} and the
 * demo's Cross App Access configuration. Runs until Ctrl+C.
 */
public final class Demo {

    private static final int PORT = 8080;
    private static final String ADMIN_THEME = "xaa-admin";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        Path realms = Path.of(args[2]);
        Path log = home.getParent().resolve("keycloak.log");
        System.out.println("Starting Keycloak with Cross App Access on http://localhost:" + PORT + " (log: " + log + ") ...");
        KeycloakServer server = KeycloakServer.start(home, jar, realms, PORT, log, KeycloakServer.DEV_FILE,
                List.of(KeycloakServer.DURABLE_H2, KeycloakServer.DETAILED_ERRORS));
        Kc kc = new Kc(server);
        if (!DemoConfiguration.alreadyImported(kc)) {
            Kc.Response imported = DemoConfiguration.importInto(kc, realms);
            Kc.Response themed = kc.admin("PUT", "/master", Map.of("adminTheme", ADMIN_THEME));
            if (imported.status() != 200 || themed.status() != 204) {
                server.close();
                throw new IllegalStateException("setting up the demo failed: " + imported + " / " + themed);
            }
        }
        System.out.println("""

                Keycloak Cross App Access demo is running.
                  Admin console     http://localhost:8080/admin/         admin / admin (Cross App Access pages in each realm)
                  Enterprise IdP    http://localhost:8080/realms/acme    alice / alice (group /engineering/platform), bob / bob (/sales)
                    AI app client   ai-agent / ai-agent-secret
                  Tools AS (MCP)    http://localhost:8080/realms/tools   client ai-agent-at-tools / ai-agent-at-tools-secret
                  Cross App Access  GET http://localhost:8080/admin/realms/acme/cross-app-access/connections
                The README walks the flow with curl. Data persists in .demo/ (delete it to start over). Ctrl+C stops.
                """);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Stopping Keycloak ...")));
        while (true) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
