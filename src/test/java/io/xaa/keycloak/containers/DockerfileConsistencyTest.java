package io.xaa.keycloak.containers;

import io.xaa.keycloak.it.KeycloakServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker/Dockerfile and docker/compose.yaml build what the distribution harness tests: the same Keycloak version, the
 * same features, this project's JAR under the same name in {@code providers/}.
 */
class DockerfileConsistencyTest {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    @Test
    void theImageBuildsOnTheKeycloakVersionThePomPins() throws IOException {
        String version = pomProperty("keycloak.version");
        assertEquals("quay.io/keycloak/keycloak:" + version, match(read(DOCKERFILE), "(?m)^ARG KEYCLOAK_IMAGE=(\\S+)$"));
        assertEquals("quay.io/keycloak/keycloak:" + version, match(read(Path.of("docker/compose.yaml")), "\\$\\{KEYCLOAK_IMAGE:-([^}]+)}"));
        assertEquals("quay.io/keycloak/keycloak:${keycloak.version}", pomProperty("keycloak.image"));
    }

    @Test
    void theImageIsBuiltWithTheFeaturesTheHarnessStartsKeycloakWith() throws IOException {
        assertEquals(KeycloakServer.FEATURES, match(read(DOCKERFILE), "KC_FEATURES=(\\S+?)\\s"));
    }

    @Test
    void theImageHoldsThisProjectsJarUnderTheNameTheHarnessGivesIt() throws IOException {
        String artifactId = match(read(Path.of("pom.xml")), "</modelVersion>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>");
        Matcher copy = Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) (\\S+)$").matcher(read(DOCKERFILE));
        assertTrue(copy.find(), "a COPY of the JAR");
        assertEquals("target/" + artifactId + "-*.jar", copy.group(1));
        assertEquals("/opt/keycloak/providers/" + KeycloakServer.PROVIDER_FILE, copy.group(2));
    }

    private static String pomProperty(String name) throws IOException {
        return match(read(Path.of("pom.xml")), "<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">");
    }

    private static String match(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no match for " + regex);
        return matcher.group(1);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
