package io.xaa.keycloak.architecture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the rooms of ARCHITECTURE.md apart: only the adapter calls Keycloak internals (classes of
 * keycloak-services), apart from the SPI contracts an extension must implement; the decision point
 * imports nothing from Keycloak or from the other rooms.
 */
final class KeycloakInternalsBoundaryTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final String ADAPTER = "io/xaa/keycloak/keycloak/";
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?;", Pattern.MULTILINE);

    /** The SPI contracts in keycloak-services that the admin API, discovery and redemption must implement or receive. */
    private static final Set<String> CONTRACTS = Set.of(
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider",
            "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
            "org.keycloak.services.resources.admin.AdminEventBuilder",
            "org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator",
            "org.keycloak.wellknown.WellKnownProvider",
            "org.keycloak.wellknown.WellKnownProviderFactory",
            "org.keycloak.protocol.oidc.token.TokenPostProcessor",
            "org.keycloak.protocol.oidc.token.TokenPostProcessorFactory",
            "org.keycloak.protocol.oidc.token.TokenPostProcessorContext");

    private static Set<String> servicesClasses;
    private static Map<String, List<String>> importsByFile;

    @BeforeAll
    static void read() throws IOException, URISyntaxException {
        Path jar = Path.of(org.keycloak.services.Urls.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            servicesClasses = file.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toSet());
        }
        importsByFile = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = IMPORT.matcher(Files.readString(source));
                List<String> imports = new ArrayList<>();
                while (matcher.find()) {
                    imports.add(matcher.group(1));
                }
                importsByFile.put(MAIN.relativize(source).toString().replace('\\', '/'), imports);
            }
        }
    }

    @Test
    void onlyTheAdapterImportsKeycloakInternals() {
        List<String> violations = new ArrayList<>();
        importsByFile.forEach((file, imports) -> {
            if (file.startsWith(ADAPTER)) {
                return;
            }
            imports.stream()
                    .filter(this::isServicesClass)
                    .filter(name -> !CONTRACTS.contains(name))
                    .forEach(name -> violations.add(file + " imports " + name));
        });
        assertEquals(List.of(), violations, "call Keycloak internals through KeycloakInternals");
    }

    @Test
    void theAdapterReallyIsWhereInternalsAreUsed() {
        long internals = importsByFile.get(ADAPTER + "KeycloakInternals.java").stream().filter(this::isServicesClass).count();
        assertTrue(internals >= 3, "the scan must see the adapter's own imports of keycloak-services, saw " + internals);
    }

    @Test
    void theDecisionPointIsPure() {
        assertEquals(List.of(), importsOf("io/xaa/keycloak/policy/", name -> name.startsWith("org.keycloak")
                || name.startsWith("jakarta") || (name.startsWith("io.xaa.keycloak.") && !name.startsWith("io.xaa.keycloak.policy."))));
    }

    @Test
    void theStoreKnowsNeitherHttpNorOAuth() {
        assertEquals(List.of(), importsOf("io/xaa/keycloak/store/", name -> name.startsWith("jakarta.ws.rs")
                || name.startsWith("io.xaa.keycloak.grant") || name.startsWith("io.xaa.keycloak.admin")));
    }

    /** The store publishes what it removes ({@code store.ConnectionsRemoved}); the audit listens, never the reverse. */
    @Test
    void theAuditMayReadTheStoreButTheStoreNeverTheAudit() {
        assertEquals(List.of(), importsOf("io/xaa/keycloak/store/", name -> name.startsWith("io.xaa.keycloak.audit")));
        assertEquals(List.of(), importsOf("io/xaa/keycloak/audit/", name -> name.startsWith("io.xaa.keycloak.")
                && !name.startsWith("io.xaa.keycloak.audit.") && !name.startsWith("io.xaa.keycloak.policy.")
                && !name.startsWith("io.xaa.keycloak.store.") && !name.startsWith("io.xaa.keycloak.keycloak.")));
    }

    /** The redemption side is a room of its own: it shares nothing with the IdP side but the adapter. */
    @Test
    void theRedemptionStandsAloneAndItsRulesArePure() {
        assertEquals(List.of(), importsOf("io/xaa/keycloak/redemption/", name -> name.startsWith("io.xaa.keycloak.")
                && !name.startsWith("io.xaa.keycloak.redemption.") && !name.startsWith("io.xaa.keycloak.keycloak.")));
        assertEquals(List.of(), importsOf("io/xaa/keycloak/redemption/RedemptionRules.java", name -> !name.startsWith("java.")));
        assertEquals(List.of(), importsOf("io/xaa/keycloak/", name -> name.startsWith("io.xaa.keycloak.discovery")));
    }

    /** "file imports name" for each import of a file under {@code folder} that {@code forbidden} matches. */
    private static List<String> importsOf(String folder, Predicate<String> forbidden) {
        List<String> violations = new ArrayList<>();
        importsByFile.forEach((file, imports) -> {
            if (file.startsWith(folder)) {
                imports.stream().filter(forbidden).forEach(name -> violations.add(file + " imports " + name));
            }
        });
        return violations;
    }

    private boolean isServicesClass(String name) {
        return servicesClasses.contains(name);
    }
}
