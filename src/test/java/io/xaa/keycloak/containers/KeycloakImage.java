package io.xaa.keycloak.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * This project's image: {@code docker/Dockerfile} built by the Docker engine Testcontainers finds (DOCKER_HOST), on the
 * Keycloak image named by {@code KEYCLOAK_IMAGE}, from a build context of exactly the files the Dockerfile copies.
 */
final class KeycloakImage {

    static final String NAME = "xaa.local/keycloak-cross-app-access-it:latest";

    private KeycloakImage() {
    }

    /** Why no container can run here, or empty when an engine answers. */
    static Optional<String> engineMissing() {
        String problem;
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            problem = "none answers";
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        String host = System.getenv("DOCKER_HOST");
        return Optional.of("no Docker engine reachable (DOCKER_HOST " + (host == null ? "unset" : host) + ": " + problem
                + "); .ci/run starts one and makes the base image (.ci/keycloak-base-image)");
    }

    /** Builds the image and returns its name; the base must be in the engine or pullable by it. */
    static String build(Path dockerfile, Path providerJar, String keycloakImage) throws InterruptedException {
        requireBase(keycloakImage);
        // Kept after the run (not deleted on exit): the engine's layer cache makes the next build start from the base.
        return new ImageFromDockerfile(NAME, false)
                .withFileFromPath("docker/Dockerfile", dockerfile)
                .withFileFromPath("target/" + providerJar.getFileName(), providerJar)
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("KEYCLOAK_IMAGE", keycloakImage)
                .get();
    }

    private static void requireBase(String image) throws InterruptedException {
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException absent) {
            try {
                if (!docker.pullImageCmd(image).start().awaitCompletion(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("pulling " + image + " did not finish within 10 minutes");
                }
            } catch (RuntimeException refused) {
                throw new IllegalStateException("the base image " + image + " is neither in the engine nor pullable (" + refused.getMessage()
                        + "); where no registry is reachable, .ci/keycloak-base-image makes a stand-in: pass its name as -Dkeycloak.image=…",
                        refused);
            }
        }
    }
}
