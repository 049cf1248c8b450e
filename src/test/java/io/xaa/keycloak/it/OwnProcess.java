package io.xaa.keycloak.it;

import java.util.concurrent.TimeUnit;

/** How the test harness stops a server it started: by its own PID, SIGTERM for a clean shutdown, SIGKILL after 30 s. */
final class OwnProcess {

    private OwnProcess() {
    }

    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
