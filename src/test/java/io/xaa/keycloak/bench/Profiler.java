package io.xaa.keycloak.bench;

import io.xaa.keycloak.it.KeycloakServer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * With {@code BENCH_PROFILE=1}: a JFR recording of the server during each phase of an extra round after the timed ones
 * ({@code jcmd}, the JDK's own), saved as {@code <phase>.jfr} in the results directory, and beside it the methods of Keycloak and of this
 * JAR that were on the most sampled stacks ({@code <phase>.txt}: the share of samples each was on).
 */
final class Profiler {

    private static final int SHOWN = 60;

    private final KeycloakServer server;
    private final Path directory;
    Profiler(KeycloakServer server, Path directory) {
        this.server = server;
        this.directory = directory;
    }

    void start(String phase) throws IOException, InterruptedException {
        jcmd("JFR.start", "name=" + fileName(phase), "settings=profile");
    }

    void stop(String phase) throws IOException, InterruptedException {
        Path recording = directory.resolve(fileName(phase) + ".jfr").toAbsolutePath();
        jcmd("JFR.stop", "name=" + fileName(phase), "filename=" + recording);
        Files.writeString(directory.resolve(fileName(phase) + ".txt"), hotSpots(recording));
    }

    /** Inclusive samples per method of {@code org.keycloak} and {@code io.xaa}, most first. */
    static String hotSpots(Path recording) throws IOException {
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith("org.keycloak") || type.startsWith("io.xaa") || type.startsWith("org.hibernate")
                        || type.startsWith("org.h2") || type.startsWith("org.postgresql")) {
                    seen.add(type + "." + frame.getMethod().getName());
                }
            }
            seen.forEach(method -> inclusive.merge(method, 1, Integer::sum));
        }
        int total = samples;
        return "samples " + total + "\n" + inclusive.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(SHOWN)
                .map(e -> String.format("%5.1f%% %s", 100.0 * e.getValue() / Math.max(1, total), e.getKey()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private void jcmd(String... command) throws IOException, InterruptedException {
        long jvm = server.pids().stream().filter(pid -> ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .map(c -> c.endsWith("/java")).orElse(false)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the server's JVM is not among " + server.pids()));
        List<String> line = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(jvm)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + output);
        }
    }

    private static String fileName(String phase) {
        return phase.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
