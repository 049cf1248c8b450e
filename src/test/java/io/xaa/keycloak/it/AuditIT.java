package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The audit trail (issue 4): one record per decision with the right fields, exact counts under load, records
 * that survive a SIGKILL, the JSON log stream and metrics, the retention purge, and no token anywhere.
 * The realm has Keycloak's own event storage switched off: the audit must not depend on it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditIT {

    static final String REALM = "audit-it";
    static final String BASE = "/" + REALM + "/cross-app-access";
    static final String AS_A = "https://as-audit.example.com";
    static final String FILES = "https://mcp-audit.example.com/files";
    static final String ALICE_ID = "a1000000-0000-4000-a000-00000000000a";
    static final String BOB_ID = "b1000000-0000-4000-a000-00000000000b";
    /** Beside the main test server's port (18180 → 18380), so two builds with their own kc.port never share it. */
    static final int RESTART_PORT = Integer.parseInt(KeycloakServer.testSettings().get("kc.port")) + 200;
    static final String AS_STEP = "https://as-step.audit-it.example.com";

    Kc kc;
    TestDatabase database;
    String appA;
    String connectionA;
    /** Every subject token and ID-JAG this class used: none may appear in a log or in the audit table. */
    final Set<String> tokens = ConcurrentHashMap.newKeySet();
    final List<Path> logs = new ArrayList<>();
    /** Audit exports of servers that are gone by the time the scan runs. */
    final StringBuilder exports = new StringBuilder();

    @BeforeAll
    void createRealmAndPolicy(Kc kc, TestDatabase database) {
        this.kc = kc;
        this.database = database;
        kc.createRealm("audit-it-realm.json");
        logs.add(kc.server().log());
        appA = kc.createResourceApp(REALM, Map.of("name", "Audit A", "audience", AS_A, "resources", List.of(FILES),
                "scopes", List.of("read", "write")));
        connectionA = kc.createConnection(REALM, connection("agent", appA));
        kc.createConnection(REALM, connection("agent-load", appA));
    }

    static Map<String, Object> connection(String clientId, String appId) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("clientId", clientId);
        connection.put("resourceAppId", appId);
        connection.put("clientIdAtResourceApp", clientId + "-at-a");
        connection.put("scopes", List.of("read", "write"));
        connection.put("requiredGroups", List.of("/eng"));
        return connection;
    }

    // ---- helpers

    String idToken(Kc kc, String clientId, String user) {
        Kc.Response login = kc.password(REALM, clientId, clientId + "-secret", user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        String idToken = login.json().get("id_token").asText();
        tokens.add(idToken);
        tokens.add(login.json().get("access_token").asText());
        return idToken;
    }

    Kc.Response exchange(Kc kc, String clientId, String subjectToken, String scope) {
        Map<String, String> form = Kc.idJagRequest(subjectToken, AS_A);
        form.put("resource", FILES);
        if (scope != null) {
            form.put("scope", scope);
        }
        Kc.Response response = kc.token(REALM, clientId, clientId + "-secret", form);
        if (response.status() == 200) {
            tokens.add(response.json().get("access_token").asText());
        }
        return response;
    }

    static String query(Map<String, String> filters) {
        return filters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }

    static long count(Kc kc, Map<String, String> filters) {
        Kc.Response response = kc.admin("GET", BASE + "/audit/count" + query(filters), null);
        assertEquals(200, response.status(), response.toString());
        return response.json().asLong();
    }

    static JsonNode records(Kc kc, Map<String, String> filters) {
        Kc.Response response = kc.admin("GET", BASE + "/audit" + query(filters), null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    /** Runs {@code action} and returns the one record it must have left among those matching {@code filters}. */
    JsonNode onlyNewRecord(Map<String, String> filters, Runnable action) {
        long before = count(kc, filters);
        action.run();
        assertEquals(before + 1, count(kc, filters), "exactly one record for " + filters);
        Map<String, String> newest = new HashMap<>(filters);
        newest.put("max", "1");
        return records(kc, newest).get(0);
    }

    static String sid(String idToken) {
        return Kc.claims(idToken).get("sid").asText();
    }

    // ---- one record per decision path

    @Test
    @Order(1)
    void anIssuedIdJagLeavesOneRecordWithTheDecision() {
        String idToken = idToken(kc, "agent", "alice");
        Kc.Response[] response = new Kc.Response[1];
        JsonNode record = onlyNewRecord(Map.of("clientId", "agent", "userId", ALICE_ID),
                () -> response[0] = exchange(kc, "agent", idToken, "read"));
        assertEquals(200, response[0].status(), response[0].toString());
        String jti = Kc.claims(response[0].json().get("access_token").asText()).get("jti").asText();
        assertEquals("ID_JAG_ISSUED", record.get("type").asText());
        assertEquals("SUCCESS", record.get("outcome").asText());
        assertEquals(REALM, record.get("realm").asText());
        assertEquals("agent", record.get("clientId").asText());
        assertEquals(ALICE_ID, record.get("userId").asText());
        assertEquals("alice", record.get("username").asText());
        assertEquals(appA, record.get("resourceAppId").asText());
        assertEquals(AS_A, record.get("audience").asText());
        assertEquals(FILES, record.get("resource").asText());
        assertEquals("read", record.get("scopeRequested").asText());
        assertEquals("read", record.get("scopeGranted").asText());
        assertEquals(jti, record.get("jti").asText());
        assertEquals(connectionA, record.get("connectionId").asText());
        assertEquals(sid(idToken), record.get("userSessionId").asText());
        assertFalse(record.path("ipAddress").asText().isEmpty());
        assertNull(record.get("error"));
        assertEquals(1, count(kc, Map.of("jti", jti)), "found by its jti");
    }

    @Test
    @Order(2)
    void aRefusalLeavesOneRecordWithTheErrorAndThePreciseReason() {
        String idToken = idToken(kc, "agent", "bob");
        Kc.Response[] response = new Kc.Response[1];
        JsonNode record = onlyNewRecord(Map.of("clientId", "agent", "userId", BOB_ID),
                () -> response[0] = exchange(kc, "agent", idToken, "read write"));
        assertEquals(400, response[0].status(), response[0].toString());
        assertEquals("EXCHANGE_REFUSED", record.get("type").asText());
        assertEquals("FAILURE", record.get("outcome").asText());
        assertEquals("access_denied", record.get("error").asText());
        assertEquals("GROUP_REQUIRED", record.get("rule").asText());
        assertEquals("user is not in a group the connection requires", record.get("reason").asText());
        assertEquals("bob", record.get("username").asText());
        assertEquals(appA, record.get("resourceAppId").asText());
        assertEquals(connectionA, record.get("connectionId").asText());
        assertEquals(Set.of("read", "write"), Set.of(record.get("scopeRequested").asText().split(" ")));
        assertNull(record.get("scopeGranted"));
        assertNull(record.get("jti"));
    }

    @Test
    @Order(2)
    void aDemandedStepUpLeavesOneStepUpRecordWithTheRequiredAndActualAcr() {
        String stepApp = kc.createResourceApp(REALM, Map.of("name", "Audit step-up", "audience", AS_STEP,
                "scopes", List.of("read"), "stepUp", Map.of("acrValues", List.of("2"), "maxAgeSeconds", 300)));
        Map<String, Object> stepConnection = connection("agent", stepApp);
        stepConnection.put("scopes", List.of("read"));
        String connection = kc.createConnection(REALM, stepConnection);
        String idToken = idToken(kc, "agent", "alice");
        Kc.Response[] response = new Kc.Response[1];
        JsonNode record = onlyNewRecord(Map.of("clientId", "agent", "userId", ALICE_ID),
                () -> response[0] = kc.token(REALM, "agent", "agent-secret", Kc.idJagRequest(idToken, AS_STEP)));
        assertEquals(400, response[0].status(), response[0].toString());
        assertEquals("insufficient_user_authentication", response[0].error());
        assertEquals("STEP_UP_REQUIRED", record.get("type").asText());
        assertEquals("FAILURE", record.get("outcome").asText());
        assertEquals("insufficient_user_authentication", record.get("error").asText());
        assertEquals("STEP_UP", record.get("rule").asText());
        assertEquals("2", record.get("acrRequired").asText());
        assertEquals("1", record.get("acrActual").asText(), "a password-grant ID token is at level 1");
        assertEquals(stepApp, record.get("resourceAppId").asText());
        assertEquals(connection, record.get("connectionId").asText());
        assertEquals(AS_STEP, record.get("audience").asText());
        assertNull(record.get("jti"));
    }

    @Test
    @Order(3)
    void aRefusedSubjectTokenIsRecordedWithoutTheToken() {
        String forged = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5In0.Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItYXVkaXQtaXQ";
        tokens.add(forged);
        Kc.Response[] response = new Kc.Response[1];
        JsonNode record = onlyNewRecord(Map.of("clientId", "agent", "outcome", "FAILURE"),
                () -> response[0] = exchange(kc, "agent", forged, null));
        assertEquals(400, response[0].status(), response[0].toString());
        assertEquals("invalid_grant", record.get("error").asText());
        assertEquals("EXCHANGE_REFUSED", record.get("type").asText());
        assertTrue(record.get("reason").asText().startsWith("subject token"), record.toString());
        assertNull(record.get("userId"), "the user is unknown when the token is refused");
    }

    @Test
    @Order(4)
    void changesRecordWhoWhatBeforeAndAfter() {
        Map<String, Object> app = new LinkedHashMap<>(Map.of("name", "Audit B", "audience", "https://as-b-audit.example.com",
                "scopes", List.of("read")));
        String[] id = new String[1];
        JsonNode created = onlyNewRecord(Map.of("type", "CONFIG_CHANGED"), () -> id[0] = kc.createResourceApp(REALM, app));
        assertEquals("CREATE", created.get("operation").asText());
        assertEquals("XAA_RESOURCE_APP", created.get("resourceType").asText());
        assertEquals(id[0], created.get("resourceAppId").asText());
        assertEquals("admin", created.get("username").asText(), "who: the bootstrap admin");
        assertNotNull(created.get("userId"));
        assertEquals("SUCCESS", created.get("outcome").asText());
        assertNull(created.get("before"));
        assertEquals("Audit B", created.get("after").get("name").asText());

        app.put("name", "Audit B renamed");
        JsonNode updated = onlyNewRecord(Map.of("type", "CONFIG_CHANGED", "resourceAppId", id[0]), () ->
                assertEquals(200, kc.admin("PUT", BASE + "/resource-apps/" + id[0], app).status()));
        assertEquals("UPDATE", updated.get("operation").asText());
        assertEquals("Audit B", updated.get("before").get("name").asText());
        assertEquals("Audit B renamed", updated.get("after").get("name").asText());

        JsonNode imported = onlyNewRecord(Map.of("type", "CONFIG_CHANGED"), () -> {
            Kc.Response export = kc.admin("GET", BASE + "/export", null);
            assertEquals(200, kc.admin("POST", BASE + "/import?mode=merge", export.body()).status());
        });
        assertEquals("ACTION", imported.get("operation").asText());
        assertTrue(imported.get("before").get("resourceApps").isArray(), imported.toString());
        assertTrue(imported.get("after").has("connectionsUpdated"), imported.toString());

        JsonNode deleted = onlyNewRecord(Map.of("type", "CONFIG_CHANGED", "resourceAppId", id[0]), () ->
                assertEquals(204, kc.admin("DELETE", BASE + "/resource-apps/" + id[0], null).status()));
        assertEquals("DELETE", deleted.get("operation").asText());
        assertEquals("Audit B renamed", deleted.get("before").get("name").asText());
        assertNull(deleted.get("after"));
    }

    @Test
    @Order(5)
    void disablingDeletingAndExpiryAreRevocations() {
        String connection = kc.createConnection(REALM, connection("agent-revoked", appA));
        Map<String, Object> disabled = new LinkedHashMap<>(connection("agent-revoked", appA));
        disabled.put("enabled", false);
        JsonNode revoked = onlyNewRecord(Map.of("type", "REVOCATION", "clientId", "agent-revoked"), () ->
                assertEquals(200, kc.admin("PUT", BASE + "/connections/" + connection, disabled).status()));
        assertEquals("UPDATE", revoked.get("operation").asText());
        assertEquals("SUCCESS", revoked.get("outcome").asText());
        assertEquals(connection, revoked.get("connectionId").asText());
        assertTrue(revoked.get("before").get("enabled").asBoolean());
        assertFalse(revoked.get("after").get("enabled").asBoolean());
        assertEquals("admin", revoked.get("username").asText());

        String idToken = idToken(kc, "agent-revoked", "alice");
        JsonNode atUse = onlyNewRecord(Map.of("type", "REVOCATION", "clientId", "agent-revoked"), () ->
                assertEquals(400, exchange(kc, "agent-revoked", idToken, null).status()));
        assertEquals("FAILURE", atUse.get("outcome").asText());
        assertEquals("CONNECTION_DISABLED", atUse.get("rule").asText());
        assertEquals("access_denied", atUse.get("error").asText());
        assertEquals(connection, atUse.get("connectionId").asText());

        JsonNode deleted = onlyNewRecord(Map.of("type", "REVOCATION", "clientId", "agent-revoked"), () ->
                assertEquals(204, kc.admin("DELETE", BASE + "/connections/" + connection, null).status()));
        assertEquals("DELETE", deleted.get("operation").asText());
        assertEquals(connection, deleted.get("before").get("id").asText());

        Map<String, Object> expired = new LinkedHashMap<>(connection("agent-expired", appA));
        expired.put("expiresAt", "2020-01-01T00:00:00Z");
        String expiredId = kc.createConnection(REALM, expired);
        String expiredToken = idToken(kc, "agent-expired", "alice");
        JsonNode expiredAtUse = onlyNewRecord(Map.of("type", "REVOCATION", "clientId", "agent-expired"), () ->
                assertEquals(400, exchange(kc, "agent-expired", expiredToken, null).status()));
        assertEquals("CONNECTION_EXPIRED", expiredAtUse.get("rule").asText());
        assertEquals(expiredId, expiredAtUse.get("connectionId").asText());
    }

    // ---- the API

    @Test
    @Order(6)
    void readingNeedsViewEvents() {
        String auditor = kc.userToken(REALM, "admin-cli", null, "auditor", "auditor");
        String viewer = kc.userToken(REALM, "admin-cli", null, "viewer", "viewer");
        assertEquals(200, kc.adminAs(auditor, "GET", BASE + "/audit/count", null).status());
        assertEquals(200, kc.adminAs(auditor, "GET", BASE + "/audit?max=1", null).status());
        assertEquals(200, kc.adminAs(viewer, "GET", BASE + "/connections/count", null).status(), "the viewer may read the configuration");
        for (String path : List.of("/audit", "/audit/count", "/audit/export")) {
            assertEquals(403, kc.adminAs(viewer, "GET", BASE + path, null).status(), path);
        }
        assertEquals(401, kc.adminAs(null, "GET", BASE + "/audit", null).status());
    }

    @Test
    @Order(7)
    void filtersPagingAndTheJsonLinesExportAgree() {
        long all = count(kc, Map.of());
        long agent = count(kc, Map.of("clientId", "agent"));
        assertTrue(agent >= 3 && agent < all, agent + " of " + all);
        assertEquals(0, count(kc, Map.of("from", Instant.now().plusSeconds(3600).toString())));
        assertEquals(all, count(kc, Map.of("to", Instant.now().plusSeconds(3600).toString())));
        assertEquals(0, count(kc, Map.of("clientId", "agent", "resourceAppId", "no-such-app")));
        assertEquals(400, kc.admin("GET", BASE + "/audit?outcome=MAYBE", null).status());
        assertEquals(400, kc.admin("GET", BASE + "/audit?from=yesterday", null).status());
        assertEquals(400, kc.admin("GET", BASE + "/audit?max=0", null).status());

        JsonNode first = records(kc, Map.of("clientId", "agent", "max", "2"));
        JsonNode second = records(kc, Map.of("clientId", "agent", "max", "2", "first", "2"));
        assertEquals(2, first.size());
        assertFalse(Instant.parse(first.get(0).get("time").asText()).isBefore(Instant.parse(first.get(1).get("time").asText())),
                "newest first");
        assertFalse(first.get(1).get("id").equals(second.get(0).get("id")), "pages do not overlap");

        Kc.Response export = kc.admin("GET", BASE + "/audit/export?clientId=agent", null);
        assertEquals(200, export.status(), export.toString());
        assertTrue(export.header("Content-Type").startsWith("application/jsonl"), export.header("Content-Type"));
        List<String> lines = export.body().lines().toList();
        assertEquals(agent, lines.size());
        Set<String> ids = lines.stream().map(line -> parse(line).get("id").asText()).collect(Collectors.toSet());
        assertEquals(agent, ids.size());
    }

    static JsonNode parse(String json) {
        try {
            return Kc.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(json, e);
        }
    }

    // ---- under load

    @Test
    @Order(8)
    void underTwoThousandConcurrentExchangesEveryAnswerHasExactlyOneRecord() throws Exception {
        String alice = idToken(kc, "agent-load", "alice");
        String bob = idToken(kc, "agent-load", "bob");
        int total = 2000;
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Map<Integer, Integer> other = new ConcurrentHashMap<>();
        Set<String> jtis = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                boolean issue = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    Kc.Response response = exchange(kc, "agent-load", issue ? alice : bob, "read");
                    if (response.status() == 200) {
                        issued.incrementAndGet();
                        jtis.add(Kc.claims(response.json().get("access_token").asText()).get("jti").asText());
                    } else if (response.status() == 400) {
                        refused.incrementAndGet();
                    } else {
                        other.merge(response.status(), 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("AuditIT load: %d exchanges in %d ms: %d issued, %d refused, other %s%n", total, millis,
                issued.get(), refused.get(), other);
        assertEquals(total, issued.get() + refused.get() + other.values().stream().mapToInt(Integer::intValue).sum());
        long issuedRecords = count(kc, Map.of("clientId", "agent-load", "type", "ID_JAG_ISSUED"));
        long refusedRecords = count(kc, Map.of("clientId", "agent-load", "outcome", "FAILURE"));
        System.out.printf("AuditIT load: records %d issued, %d refused%n", issuedRecords, refusedRecords);
        assertEquals(issued.get(), issuedRecords, "one issued record per ID-JAG received");
        assertEquals(refused.get(), refusedRecords, "one refusal record per refusal received");
        assertEquals(issued.get(), jtis.size(), "every ID-JAG has its own jti");
        assertTrue(issued.get() >= total / 2 - 10 && refused.get() >= total / 2 - 10, "mixed: " + issued + " / " + refused);
        Set<String> exported = kc.admin("GET", BASE + "/audit/export?clientId=agent-load&type=ID_JAG_ISSUED", null).body().lines()
                .map(line -> parse(line).get("jti").asText()).collect(Collectors.toSet());
        assertEquals(jtis, exported, "the records name exactly the ID-JAGs that were received");
    }

    // ---- durability, metrics and retention on a server of our own

    @Test
    @Order(9)
    void recordsSurviveASigkillRightAfterTheResponses() throws Exception {
        // The kill hits Keycloak, not the database: what it shows is that a record is committed before its answer
        // leaves, the same JPA transaction on every database. On PostgreSQL a killed node's records are checked by
        // ClusterFailoverIT; a database profile would pay a second fresh-schema boot (4 minutes under CI's load).
        assumeTrue(database.server().isEmpty(), "the SIGKILL test runs on H2 (and on PostgreSQL in ClusterFailoverIT)");
        Map<String, String> settings = KeycloakServer.testSettings();
        Path build = Path.of(settings.get("build.dir"));
        Path home = build.resolve("kc-restart");
        KeycloakServer.copyHome(Path.of(settings.get("kc.home")), home);
        Path realms = Files.createDirectories(build.resolve("kc-restart-realms"));
        Files.writeString(realms.resolve("audit-it-realm.json"), Kc.realmFile("audit-it-realm.json"));
        Path jar = Path.of(settings.get("provider.jar"));

        List<String> durable = TestDatabase.ownDurableH2();
        Path firstLog = build.resolve("keycloak-restart-1.log");
        logs.add(firstLog);
        KeycloakServer server = KeycloakServer.start(home, jar, realms, RESTART_PORT, firstLog, durable, KeycloakExtension.AS_THE_RUNS_SERVER);
        int issued = 0;
        int refused = 0;
        Set<String> jtis = new HashSet<>();
        try {
            Kc own = new Kc(server);
            String app = own.createResourceApp(REALM, Map.of("name", "Audit kill", "audience", AS_A, "resources", List.of(FILES),
                    "scopes", List.of("read")));
            own.createConnection(REALM, Map.of("clientId", "agent-kill", "resourceAppId", app, "clientIdAtResourceApp", "k",
                    "scopes", List.of("read"), "requiredGroups", List.of("/eng")));
            String alice = idToken(own, "agent-kill", "alice");
            String bob = idToken(own, "agent-kill", "bob");
            for (int i = 0; i < 60; i++) {
                Kc.Response response = exchange(own, "agent-kill", i % 2 == 0 ? alice : bob, null);
                if (response.status() == 200) {
                    issued++;
                    jtis.add(Kc.claims(response.json().get("access_token").asText()).get("jti").asText());
                } else {
                    assertEquals(400, response.status(), response.toString());
                    refused++;
                }
            }
            // Metrics are read before the last batch, so the kill still follows responses immediately.
            String metrics = own.get("http://localhost:" + (RESTART_PORT + 10) + "/metrics").body();
            assertEquals(30.0, metric(metrics, "xaa_id_jag_issued_total", "realm=\"audit-it\""), metrics.lines()
                    .filter(l -> l.startsWith("xaa_")).toList().toString());
            assertEquals(30.0, metric(metrics, "xaa_id_jag_refused_total", "error=\"access_denied\""));
            for (int i = 0; i < 20; i++) {
                Kc.Response response = exchange(own, "agent-kill", i % 2 == 0 ? alice : bob, null);
                if (response.status() == 200) {
                    issued++;
                    jtis.add(Kc.claims(response.json().get("access_token").asText()).get("jti").asText());
                } else {
                    refused++;
                }
            }
            server.kill();
        } finally {
            server.close();
        }

        // What the kill left is read from the database itself, before any Keycloak runs on it again: a record is there
        // for every answer, and nothing else. (Keycloak restarting on a killed node's database: ClusterFailoverIT.)
        try (Connection connection = TestDatabase.connectOwnDurableH2(home)) {
            assertEquals(issued, jtisWhere(connection, "TYPE = 'ID_JAG_ISSUED'").size(), "issued records after SIGKILL");
            assertEquals(refused, jtisWhere(connection, "OUTCOME = 'FAILURE'").size(), "refusal records after SIGKILL");
            assertEquals(jtis, Set.copyOf(jtisWhere(connection, "TYPE = 'ID_JAG_ISSUED'")), "the records name exactly the ID-JAGs received");
            exports.append(everyValue(connection));
        }
        System.out.printf("AuditIT SIGKILL: %d issued and %d refused answers, as many records after the kill%n", issued, refused);

        // Restarted on the killed files with a one-second retention: the purge empties them within a few purge intervals.
        Path secondLog = build.resolve("keycloak-restart-2.log");
        logs.add(secondLog);
        List<String> purgeOptions = new ArrayList<>(KeycloakExtension.AS_THE_RUNS_SERVER);
        purgeOptions.addAll(List.of("--spi-events-listener--xaa-audit--retention=PT1S", "--spi-events-listener--xaa-audit--purge-interval=PT2S"));
        KeycloakServer purging = KeycloakServer.start(home, jar, realms, RESTART_PORT, secondLog, durable, purgeOptions);
        try {
            Kc own = new Kc(purging);
            long deadline = System.nanoTime() + 60_000_000_000L;
            long left = count(own, Map.of());
            while (left > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                left = count(own, Map.of());
            }
            assertEquals(0, left, "records older than the retention are purged");
        } finally {
            purging.close();
        }
    }

    /** The JTI column of the killed server's agent-kill records that match {@code condition}. */
    static List<String> jtisWhere(Connection connection, String condition) throws SQLException {
        List<String> jtis = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT JTI FROM XAA_AUDIT_RECORD WHERE CLIENT_ID = 'agent-kill' AND " + condition)) {
            while (rows.next()) {
                jtis.add(rows.getString(1));
            }
        }
        return jtis;
    }

    /** Every stored value of every audit record, for the scan for tokens. */
    static String everyValue(Connection connection) throws SQLException {
        StringBuilder values = new StringBuilder();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT * FROM XAA_AUDIT_RECORD")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int column = 1; column <= columns; column++) {
                    values.append(rows.getString(column)).append('\n');
                }
            }
        }
        return values.toString();
    }

    static double metric(String metrics, String name, String label) {
        return metrics.lines().filter(l -> l.startsWith(name + "{") && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    // ---- streaming and secrecy (last: it scans what every other test left)

    @Test
    @Order(10)
    void recordsAreStreamedAsJsonLinesAndNoTokenIsLoggedOrStored() throws Exception {
        JsonNode newest = records(kc, Map.of("clientId", "agent", "type", "ID_JAG_ISSUED", "max", "1")).get(0);
        String jti = newest.get("jti").asText();
        String logText = Files.readString(kc.server().log());
        List<JsonNode> streamed = logText.lines().filter(l -> l.contains("[io.xaa.keycloak.audit]") && l.contains(jti))
                .map(l -> parse(l.substring(l.indexOf('{')))).toList();
        assertEquals(1, streamed.size(), "one JSON line on the audit category per record");
        assertEquals(newest, streamed.get(0), "the stream and the API share one schema");

        StringBuilder haystack = new StringBuilder(kc.admin("GET", BASE + "/audit/export", null).body()).append(exports);
        for (Path log : logs) {
            if (Files.exists(log)) {
                haystack.append(Files.readString(log));
            }
        }
        String all = haystack.toString();
        assertTrue(tokens.size() > 10, "the scan must have tokens to look for: " + tokens.size());
        List<String> found = tokens.stream().filter(token -> all.contains(token.substring(token.lastIndexOf('.') + 1)))
                .map(token -> token.substring(0, 12) + "…").toList();
        assertEquals(List.of(), found, "token signatures found in a log or the audit table");
    }
}
