package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections removed as a side effect (with their resource app, their client or their realm, or by a replace
 * import) are revocations like a connection deleted on its own: exactly one REVOCATION record each, naming
 * the connection, its client and app, the admin and the cause.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CascadeRevocationIT {

    static final String REALM = "cascade-it";
    static final String BASE = "/" + REALM + "/cross-app-access";

    Kc kc;

    @BeforeAll
    void createRealm(Kc kc) {
        this.kc = kc;
        kc.createRealm("cascade-it-realm.json");
    }

    String app(String realm, String name) {
        return kc.createResourceApp(realm, Map.of("name", name, "audience", "https://as-" + name + "." + realm + ".example.com",
                "scopes", List.of("read")));
    }

    String connection(String realm, String clientId, String appId) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("clientId", clientId);
        connection.put("resourceAppId", appId);
        connection.put("clientIdAtResourceApp", clientId + "-at-" + appId);
        connection.put("scopes", List.of("read"));
        return kc.createConnection(realm, connection);
    }

    /** The REVOCATION records of one resource app: each test has an app of its own. */
    JsonNode revocationsOf(String appId) {
        Kc.Response response = kc.admin("GET", BASE + "/audit?type=REVOCATION&resourceAppId=" + appId, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    static void assertCascadeRecord(JsonNode record, String appId, String reason) {
        assertEquals("REVOCATION", record.get("type").asText(), record.toString());
        assertEquals("SUCCESS", record.get("outcome").asText(), record.toString());
        assertEquals(appId, record.get("resourceAppId").asText(), record.toString());
        assertEquals(reason, record.path("reason").asText(), record.toString());
        assertEquals("DELETE", record.path("operation").asText(), record.toString());
        assertEquals("XAA_CONNECTION", record.path("resourceType").asText(), record.toString());
        assertEquals("admin", record.path("username").asText(), "the admin who deleted: " + record);
    }

    static Set<String> field(JsonNode records, String name) {
        Set<String> values = new HashSet<>();
        records.forEach(record -> values.add(record.path(name).asText(null)));
        return values;
    }

    @Test
    void deletingAResourceAppRecordsARevocationForEachOfItsConnections() {
        String app = app(REALM, "files");
        String one = connection(REALM, "agent-one", app);
        String two = connection(REALM, "agent-two", app);

        assertEquals(204, kc.admin("DELETE", BASE + "/resource-apps/" + app, null).status());

        JsonNode records = revocationsOf(app);
        assertEquals(2, records.size(), records.toString());
        assertEquals(Set.of(one, two), field(records, "connectionId"));
        assertEquals(Set.of("agent-one", "agent-two"), field(records, "clientId"));
        records.forEach(record -> assertCascadeRecord(record, app, "resource app deleted"));
    }

    @Test
    void deletingTheRequestingClientRecordsARevocationAndStillSucceeds() {
        String app = app(REALM, "mail");
        String connection = connection(REALM, "agent-three", app);
        Kc.Response clients = kc.admin("GET", "/" + REALM + "/clients?clientId=agent-three", null);
        assertEquals(200, clients.status(), clients.toString());
        String uuid = clients.json().get(0).get("id").asText();

        Kc.Response deleted = kc.admin("DELETE", "/" + REALM + "/clients/" + uuid, null);
        assertEquals(204, deleted.status(), deleted.toString());

        JsonNode records = revocationsOf(app);
        assertEquals(1, records.size(), records.toString());
        assertEquals(connection, records.get(0).get("connectionId").asText());
        assertEquals("agent-three", records.get(0).get("clientId").asText());
        assertCascadeRecord(records.get(0), app, "client deleted");
        assertEquals(0, kc.admin("GET", BASE + "/connections/count?resourceAppId=" + app, null).json().asLong());
    }

    @Test
    void aReplaceImportRecordsARevocationForEachConnectionItDrops() {
        String app = app(REALM, "calendar");
        String kept = connection(REALM, "agent-one", app);
        String dropped = connection(REALM, "agent-four", app);
        ObjectNode document = (ObjectNode) kc.admin("GET", BASE + "/export", null).json();
        ArrayNode connections = Kc.JSON.createArrayNode();
        document.get("connections").forEach(c -> {
            if (!dropped.equals(c.get("id").asText())) {
                connections.add(c);
            }
        });
        document.set("connections", connections);

        Kc.Response imported = kc.admin("POST", BASE + "/import?mode=replace", document.toString());
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(1, imported.json().get("connectionsDeleted").asInt(), imported.toString());

        JsonNode records = revocationsOf(app);
        assertEquals(1, records.size(), records.toString());
        assertEquals(dropped, records.get(0).get("connectionId").asText());
        assertEquals("agent-four", records.get(0).get("clientId").asText());
        assertCascadeRecord(records.get(0), app, "replaced by import");
        assertEquals(kept, kc.admin("GET", BASE + "/connections?resourceAppId=" + app, null).json().get(0).get("id").asText());
    }

    /** The admin API's own event records a connection deleted on its own; the store must not add a second record. */
    @Test
    void aConnectionDeletedOnItsOwnIsStillExactlyOneRevocation() {
        String app = app(REALM, "wiki");
        String connection = connection(REALM, "agent-two", app);

        assertEquals(204, kc.admin("DELETE", BASE + "/connections/" + connection, null).status());
        assertEquals(204, kc.admin("DELETE", BASE + "/resource-apps/" + app, null).status());

        JsonNode records = revocationsOf(app);
        assertEquals(1, records.size(), records.toString());
        assertEquals(connection, records.get(0).get("connectionId").asText());
        assertEquals(connection, records.get(0).get("before").get("id").asText(), "the admin event's record");
    }

    /**
     * A removed realm's records cannot be read through its API any more (they stay in the table until the
     * retention purge), but the removal must succeed and each revocation must reach the audit log stream.
     */
    @Test
    void deletingARealmWithConnectionsSucceedsAndStreamsTheirRevocations() throws Exception {
        String realm = "cascade-it-removed";
        Map<String, Object> client = new LinkedHashMap<>(Map.of("clientId", "agent-gone", "publicClient", false,
                "secret", "agent-gone-secret", "protocol", "openid-connect"));
        Kc.Response created = kc.admin("POST", "", Map.of("realm", realm, "enabled", true, "clients", List.of(client)));
        assertTrue(created.status() == 201 || created.status() == 409, created.toString());
        String connection = connection(realm, "agent-gone", app(realm, "gone"));

        Kc.Response deleted = kc.admin("DELETE", "/" + realm, null);
        assertEquals(204, deleted.status(), deleted.toString());

        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> streamed;
        do {
            streamed = Files.readString(kc.server().log()).lines()
                    .filter(line -> line.contains("[io.xaa.keycloak.audit]") && line.contains("\"type\":\"REVOCATION\"")
                            && line.contains(connection)).toList();
        } while (streamed.isEmpty() && System.nanoTime() < deadline && sleep());
        assertEquals(1, streamed.size(), "one streamed record for connection " + connection);
        JsonNode record = Kc.JSON.readTree(streamed.get(0).substring(streamed.get(0).indexOf('{')));
        assertEquals(realm, record.get("realm").asText(), record.toString());
        assertEquals("agent-gone", record.get("clientId").asText(), record.toString());
    }

    private static boolean sleep() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
