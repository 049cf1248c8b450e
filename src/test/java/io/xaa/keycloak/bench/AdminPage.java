package io.xaa.keycloak.bench;

import io.xaa.keycloak.it.Kc;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * How long an admin waits for the first page of connections: the REST page an API client asks for, and the requests the
 * console's connections page makes as it makes them (its page of 10 then the count, beside the resource apps it names
 * the rows by). Measured on loopback after the load, so the usage figures of the page cover every request of the run.
 */
record AdminPage(long restMillis, long consoleMillis) {

    static final int WARMUPS = 5;
    static final int TRIES = 21;

    long worstMillis() {
        return Math.max(restMillis, consoleMillis);
    }

    static AdminPage measure(Kc kc, String realm) {
        String base = "/" + realm + "/cross-app-access/";
        Runnable rest = () -> ok(kc.admin("GET", base + "connections?first=0&max=20", null));
        Runnable console = () -> CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> {
                    ok(kc.admin("GET", base + "connections?first=0&max=10", null));
                    ok(kc.admin("GET", base + "connections/count", null));
                }),
                CompletableFuture.runAsync(() -> ok(kc.admin("GET", base + "resource-apps?max=1000", null)))).join();
        return new AdminPage(medianMillis(rest), medianMillis(console));
    }

    private static long medianMillis(Runnable page) {
        warm(page);
        long[] took = new long[TRIES];
        for (int i = 0; i < TRIES; i++) {
            long start = System.nanoTime();
            page.run();
            took[i] = System.nanoTime() - start;
        }
        Arrays.sort(took);
        return Math.round(took[TRIES / 2] / 1e6);
    }

    private static void warm(Runnable page) {
        for (int i = 0; i < WARMUPS; i++) {
            page.run();
        }
    }

    private static void ok(Kc.Response response) {
        if (response.status() != 200) {
            throw new IllegalStateException("admin page answered " + response);
        }
    }
}
