package io.xaa.keycloak.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A virtual environment under the build directory holding the official MCP Python SDK, and the scripts of
 * {@code src/test/python} run with it. pip installs from the index it is configured with (on these machines a
 * local mirror that serves mcp): this class never names an index.
 */
final class McpPythonSdk {

    static final String VERSION = "2.3.0";

    private final Path python;
    private final Path scripts;

    private McpPythonSdk(Path venv, Path scripts) {
        this.python = venv.resolve("bin/python");
        this.scripts = scripts;
    }

    /**
     * The environment at {@code venv}, made (or remade) unless it already has mcp {@link #VERSION}. Aborts the
     * calling test class only when there is no python3 at all; a venv or pip that fails fails the test, with its output.
     */
    static McpPythonSdk at(Path venv, Path scripts) {
        McpPythonSdk sdk = new McpPythonSdk(venv, scripts);
        if (Files.isExecutable(sdk.python) && sdk.hasMcp()) {
            return sdk;
        }
        try {
            new ProcessBuilder("python3", "--version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException missing) {
            Assumptions.abort("python3 not found: " + missing.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        run(List.of("python3", "-m", "venv", "--clear", venv.toString()), venv.resolveSibling(venv.getFileName() + "-create.log"));
        // pip tries each index five times with back-off; where the public one is unreachable (as here, beside the
        // configured mirror) that took 3½ minutes for mcp's 28 packages, with one retry 8 s.
        Path pipLog = venv.resolveSibling(venv.getFileName() + "-pip.log");
        run(List.of(venv.resolve("bin/pip").toString(), "install", "--retries", "1", "mcp==" + VERSION), pipLog);
        if (!sdk.hasMcp()) {
            fail("pip succeeded, yet the venv has no mcp " + VERSION + "; see " + pipLog);
        }
        return sdk;
    }

    private boolean hasMcp() {
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c",
                    "import importlib.metadata as m; print(m.version('mcp'))").redirectErrorStream(true).start();
            String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0 && version.equals(VERSION);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a setup command, output to {@code log}; anything but exit 0 within 10 minutes fails the test with that output. */
    private static void run(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                OwnProcess.stop(process);
                fail(String.join(" ", command) + " did not finish within 10 minutes:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A long-running script (a server), stdout and stderr to {@code log}; the caller stops it by its PID. */
    Process start(String script, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python.toString(), scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    }

    /**
     * Runs a script with {@code input} on its stdin (where secrets go: a command line is visible to every user) and
     * returns its stdout; anything but exit 0 within {@code timeout} fails the test with its stderr.
     */
    String call(String script, String input, Duration timeout, Path output) throws IOException, InterruptedException {
        Path stderr = output.resolveSibling(output.getFileName() + ".err");
        Process process = new ProcessBuilder(python.toString(), scripts.resolve(script).toString())
                .redirectOutput(output.toFile()).redirectError(stderr.toFile()).start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            OwnProcess.stop(process);
            fail(script + " did not finish within " + timeout + ":\n" + Files.readString(stderr));
        }
        if (process.exitValue() != 0) {
            fail(script + " exited with " + process.exitValue() + ":\n" + Files.readString(stderr));
        }
        return Files.readString(output);
    }
}
