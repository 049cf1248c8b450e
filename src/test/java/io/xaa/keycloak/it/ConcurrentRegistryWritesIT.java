package io.xaa.keycloak.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Admin writes racing for one unique key (two clients claiming one identity at an app, one client connected twice to
 * an app, two apps with one audience): both pass the store's checks before either commits, so the database's key
 * decides. The loser must get the 409 a sequential request gets, never a 500, on every database.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentRegistryWritesIT {

    static final String REALM = DatabaseUpgradeIT.REALM;
    static final String BASE = "/" + REALM + "/cross-app-access";
    static final int WRITERS = 8;
    static final int ROUNDS = 4;

    Kc kc;

    @BeforeAll
    void createRealm(Kc kc) {
        this.kc = kc;
        kc.createRealm("dbupgrade-it-realm.json");
    }

    String app(String name) {
        return kc.createResourceApp(REALM, Map.of("name", name, "audience", "https://as-" + name + ".dbupgrade-it.example.com",
                "scopes", List.of("read")));
    }

    /** Runs the writes at once and counts the answers by status. */
    Map<Integer, Integer> atOnce(IntFunction<Kc.Response> write) throws Exception {
        kc.adminToken();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Kc.Response>> answers = new ArrayList<>();
            for (int i = 1; i <= WRITERS; i++) {
                int writer = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return write.apply(writer);
                }));
            }
            start.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> unexpected = new ArrayList<>();
            for (Future<Kc.Response> answer : answers) {
                Kc.Response response = answer.get();
                statuses.merge(response.status(), 1, Integer::sum);
                if (response.status() != 201 && response.status() != 409) {
                    unexpected.add(response.toString());
                }
            }
            assertEquals(List.of(), unexpected);
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientsClaimingOneIdentityAtOnceGetOneConnectionAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String app = app("identity-" + round);
            Map<Integer, Integer> statuses = atOnce(writer -> kc.admin("POST", BASE + "/connections", Map.of("clientId", "writer-" + writer,
                    "resourceAppId", app, "clientIdAtResourceApp", "one-identity", "scopes", List.of("read"))));
            assertEquals(Map.of(201, 1, 409, WRITERS - 1), statuses, "round " + round);
        }
    }

    @Test
    void oneClientConnectedToOneAppAtOnceGetsOneConnectionAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String app = app("pair-" + round);
            Map<Integer, Integer> statuses = atOnce(writer -> kc.admin("POST", BASE + "/connections", Map.of("clientId", "writer-1",
                    "resourceAppId", app, "clientIdAtResourceApp", "identity-" + writer, "scopes", List.of("read"))));
            assertEquals(Map.of(201, 1, 409, WRITERS - 1), statuses, "round " + round);
        }
    }

    @Test
    void appsWithOneAudienceAtOnceGetOneAppAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String audience = "https://as-audience-" + round + ".dbupgrade-it.example.com";
            Map<Integer, Integer> statuses = atOnce(writer -> kc.admin("POST", BASE + "/resource-apps", Map.of("name", "Audience " + writer,
                    "audience", audience, "scopes", List.of("read"))));
            assertEquals(Map.of(201, 1, 409, WRITERS - 1), statuses, "round " + round);
        }
    }
}
