package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Required groups are matched by group id: a group renamed or re-created to a required path does not pass,
 * a renamed required group keeps its members, and the admin API shows current paths and deleted groups.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequiredGroupIdsIT {

    static final String REALM = "xaa-groups-it";
    static final String AS_TAKEOVER = "https://as-takeover.example.com";
    static final String AS_RECREATE = "https://as-recreate.example.com";
    static final String AS_RENAME = "https://as-rename.example.com";
    static final String AS_EXPORT = "https://as-export.example.com";
    static final String BOB_ID = "67000000-0000-4000-a000-00000000000c";

    Kc kc;

    @BeforeAll
    void createRealm(Kc kc) {
        this.kc = kc;
        kc.createRealm("groups-it-realm.json");
    }

    /** Group names may contain '/': a top-level group renamed "eng/ai" has the path of /eng's subgroup ai. */
    @Test
    void aGroupRenamedToTheRequiredPathDoesNotPass() {
        String connection = connection(AS_TAKEOVER, "/eng/ai");
        String requiredId = groupId("eng/ai");
        assertIssued(exchange("alice", AS_TAKEOVER));
        assertAccessDenied(exchange("mallory", AS_TAKEOVER));

        String other = groupId("other");
        assertEquals(204, kc.admin("PUT", "/" + REALM + "/groups/" + other, Map.of("name", "eng/ai")).status());

        assertAccessDenied(exchange("mallory", AS_TAKEOVER));
        JsonNode simulated = kc.admin("POST", "/" + REALM + "/cross-app-access/evaluate",
                Map.of("clientId", "agent", "username", "mallory", "audience", AS_TAKEOVER)).json();
        assertEquals("GROUP_REQUIRED", simulated.path("rule").asText(), simulated.toString());
        assertIssued(exchange("alice", AS_TAKEOVER));
        JsonNode shown = getConnection(connection);
        assertEquals(List.of("/eng/ai"), strings(shown.path("requiredGroups")));
        assertEquals(List.of(requiredId), strings(shown.path("requiredGroupIds")));
    }

    @Test
    void aGroupDeletedAndRecreatedAtTheRequiredPathDoesNotPass() {
        String connection = connection(AS_RECREATE, "/ops");
        String deleted = groupId("ops");
        assertEquals(204, kc.admin("DELETE", "/" + REALM + "/groups/" + deleted, null).status());
        Kc.Response created = kc.admin("POST", "/" + REALM + "/groups", Map.of("name", "ops"));
        assertEquals(201, created.status(), created.toString());
        String recreated = groupId("ops");
        assertEquals(204, kc.admin("PUT", "/" + REALM + "/users/" + BOB_ID + "/groups/" + recreated, null).status());

        assertAccessDenied(exchange("bob", AS_RECREATE));
        JsonNode shown = getConnection(connection);
        assertEquals(List.of(), strings(shown.path("requiredGroups")));
        assertEquals(List.of(deleted), strings(shown.path("requiredGroupIds")));
        assertEquals(List.of(deleted), strings(shown.path("missingRequiredGroupIds")));

        // What GET returned, sent back unchanged, keeps the deleted group (an empty list would admit anyone).
        Kc.Response roundTrip = kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + connection, shown.toString());
        assertEquals(200, roundTrip.status(), roundTrip.toString());
        assertEquals(List.of(deleted), strings(roundTrip.json().path("missingRequiredGroupIds")));
        // A client that knows only paths cannot drop it either.
        ObjectNode pathsOnly = shown.deepCopy();
        pathsOnly.remove(List.of("requiredGroupIds", "missingRequiredGroupIds"));
        Kc.Response paths = kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + connection, pathsOnly.toString());
        assertEquals(200, paths.status(), paths.toString());
        assertEquals(List.of(deleted), strings(paths.json().path("requiredGroupIds")));
        assertAccessDenied(exchange("bob", AS_RECREATE));

        // Naming the new group and dropping the deleted one is an explicit choice.
        ObjectNode chosen = shown.deepCopy();
        chosen.set("requiredGroups", Kc.JSON.valueToTree(List.of("/ops")));
        chosen.set("missingRequiredGroupIds", Kc.JSON.valueToTree(List.of()));
        Kc.Response renamed = kc.admin("PUT", "/" + REALM + "/cross-app-access/connections/" + connection, chosen.toString());
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals(List.of(recreated), strings(renamed.json().path("requiredGroupIds")));
        assertIssued(exchange("bob", AS_RECREATE));
    }

    @Test
    void aRenamedGroupKeepsItsMembersAndShowsItsNewPath() {
        String connection = connection(AS_RENAME, "/research");
        String research = groupId("research");
        assertEquals(204, kc.admin("PUT", "/" + REALM + "/groups/" + research, Map.of("name", "rnd")).status());

        assertIssued(exchange("carol", AS_RENAME));
        JsonNode shown = getConnection(connection);
        assertEquals(List.of("/rnd"), strings(shown.path("requiredGroups")));
        assertEquals(List.of(research), strings(shown.path("requiredGroupIds")));
        assertEquals(List.of(), strings(shown.path("missingRequiredGroupIds")));
    }

    /** Documents name groups by path, which other realms resolve; ids are the exporting realm's own. */
    @Test
    void exportNamesGroupsByPathAndImportResolvesThem() {
        connection(AS_EXPORT, "/eng");
        JsonNode document = kc.admin("GET", "/" + REALM + "/cross-app-access/export", null).json();
        ObjectNode mine = Kc.JSON.createObjectNode();
        ArrayNode apps = mine.putArray("resourceApps");
        ArrayNode connections = mine.putArray("connections");
        document.path("resourceApps").forEach(app -> {
            if (AS_EXPORT.equals(app.path("audience").asText())) {
                apps.add(app);
            }
        });
        document.path("connections").forEach(c -> {
            if (AS_EXPORT.equals(c.path("resourceAppAudience").asText())) {
                connections.add(c);
            }
        });
        assertEquals(1, connections.size(), document.toString());
        assertEquals(List.of("/eng"), strings(connections.get(0).path("requiredGroups")));
        assertFalse(connections.get(0).has("requiredGroupIds"), connections.toString());

        Kc.Response imported = kc.admin("POST", "/" + REALM + "/cross-app-access/import", mine.toString());
        assertEquals(200, imported.status(), imported.toString());
        JsonNode after = kc.admin("GET", "/" + REALM + "/cross-app-access/connections?search=" + "as-export", null).json();
        assertEquals(List.of(groupId("eng")), strings(after.get(0).path("requiredGroupIds")), after.toString());

        ((ObjectNode) connections.get(0)).set("requiredGroups", Kc.JSON.valueToTree(List.of("/eng", "/gone")));
        Kc.Response refused = kc.admin("POST", "/" + REALM + "/cross-app-access/import", mine.toString());
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("/gone"), refused.toString());
    }

    // ---- helpers

    String connection(String audience, String requiredGroup) {
        String app = kc.createResourceApp(REALM, Map.of("name", audience, "audience", audience, "scopes", List.of("read")));
        return kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent",
                "scopes", List.of("read"), "requiredGroups", List.of(requiredGroup)));
    }

    String groupId(String path) {
        Kc.Response group = kc.admin("GET", "/" + REALM + "/group-by-path/" + path, null);
        assertEquals(200, group.status(), group.toString());
        return group.json().path("id").asText();
    }

    JsonNode getConnection(String id) {
        Kc.Response connection = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + id, null);
        assertEquals(200, connection.status(), connection.toString());
        return connection.json();
    }

    Kc.Response exchange(String user, String audience) {
        Kc.Response login = kc.password(REALM, "agent", "agent-secret", user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        return kc.token(REALM, "agent", "agent-secret", Kc.idJagRequest(login.json().get("id_token").asText(), audience));
    }

    static void assertIssued(Kc.Response response) {
        assertEquals(200, response.status(), response.toString());
    }

    static void assertAccessDenied(Kc.Response response) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("access_denied", response.error(), response.toString());
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
