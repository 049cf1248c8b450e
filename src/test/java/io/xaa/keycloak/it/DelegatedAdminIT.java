package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delegated client admin under fine-grained admin permissions v2 (realm {@code fgap-it},
 * {@code adminPermissionsEnabled}). Neither user holds any realm-management role; all they may do comes from
 * permissions of resource type {@code Clients} on the realm's {@code admin-permissions} client, set up here
 * through its authorization REST API:
 * <ul>
 *   <li>{@code delegate}: {@code view} and {@code manage} on {@code agent-a}, {@code view} on all clients;</li>
 *   <li>{@code narrow}: {@code view} and {@code manage} on {@code agent-a} only: exactly agent-a's connections.</li>
 * </ul>
 * Neither may manage {@code agent-b}.
 * Listing connections is a realm-wide read (one list for all clients, unfiltered), so it needs the right to
 * view all clients ({@code ClientPermissionEvaluator.canView()}, i.e. view-clients or a {@code view} permission
 * on all clients) or view-realm; a {@code view} permission on one client is not enough. Every connection write
 * checks that read right first, then the right to manage the connection's client(s).
 */
@ExtendWith(KeycloakExtension.class)
class DelegatedAdminIT {

    static final String REALM = "fgap-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String PASSWORD = "pw";

    static Kc kc;
    static String agentA;
    static String agentB;
    /** A resource app and agent-b's connection to it, both made by the master admin. */
    static String appId;
    static String agentBConnection;

    @BeforeAll
    static void setUp(Kc server) {
        kc = server;
        kc.createRealm("fgap-it-realm.json");
        Kc.Response realm = kc.admin("GET", "/" + REALM, null);
        assertEquals(200, realm.status(), realm.toString());
        assertTrue(realm.json().path("adminPermissionsEnabled").asBoolean(), "FGAP v2 is on for the realm: " + realm);

        agentA = clientUuid("agent-a");
        agentB = clientUuid("agent-b");
        String authz = "/" + REALM + "/clients/" + clientUuid("admin-permissions") + "/authz/resource-server";

        // One permission per resource: where several apply to one client, all must grant (deny wins), and one
        // naming the client takes precedence over one for all clients, so both users share agent-a's.
        String agentAAdmins = created(kc.admin("POST", authz + "/policy/user", Kc.body("name", "agent-a admins",
                "users", List.of(userId("delegate"), userId("narrow")), "logic", "POSITIVE")));
        String delegateOnly = created(kc.admin("POST", authz + "/policy/user", Kc.body("name", "delegate",
                "users", List.of(userId("delegate")), "logic", "POSITIVE")));
        created(kc.admin("POST", authz + "/permission/scope", Kc.body("name", "agent-a admins view and manage agent-a",
                "resourceType", "Clients", "resources", List.of(agentA), "scopes", List.of("view", "manage"),
                "policies", List.of(agentAAdmins), "decisionStrategy", "UNANIMOUS")));
        // No resources: all clients.
        created(kc.admin("POST", authz + "/permission/scope", Kc.body("name", "delegate views all clients",
                "resourceType", "Clients", "resources", List.of(), "scopes", List.of("view"),
                "policies", List.of(delegateOnly), "decisionStrategy", "UNANIMOUS")));

        appId = createApp("shared");
        agentBConnection = created(kc.admin("POST", API + "/connections",
                Kc.body("clientId", "agent-b", "resourceAppId", appId, "clientIdAtResourceApp", "b-at-shared")));
    }

    // ------------------------------------------------------------------ preconditions

    /** Neither user has a realm-management role, and Keycloak's own client API shows what the permissions grant. */
    @Test
    void permissionsComeOnlyFromFgap() {
        String realmManagement = clientUuid("realm-management");
        for (String user : List.of("delegate", "narrow")) {
            Kc.Response roles = kc.admin("GET", "/" + REALM + "/users/" + userId(user) + "/role-mappings/clients/"
                    + realmManagement + "/composite", null);
            assertEquals(200, roles.status(), roles.toString());
            assertEquals(0, roles.json().size(), user + " has no realm-management role: " + roles);
        }

        String delegate = userToken("delegate");
        JsonNode a = kc.adminAs(delegate, "GET", "/" + REALM + "/clients/" + agentA, null).json();
        assertEquals(true, a.path("access").path("manage").asBoolean(false), "delegate manages agent-a: " + a.path("access"));
        Kc.Response b = kc.adminAs(delegate, "GET", "/" + REALM + "/clients/" + agentB, null);
        assertEquals(200, b.status(), "delegate views agent-b: " + b);
        assertFalse(b.json().path("access").path("manage").asBoolean(true), "delegate does not manage agent-b: " + b.json().path("access"));

        String narrow = userToken("narrow");
        JsonNode narrowA = kc.adminAs(narrow, "GET", "/" + REALM + "/clients/" + agentA, null).json();
        assertEquals(true, narrowA.path("access").path("manage").asBoolean(false), "narrow manages agent-a: " + narrowA.path("access"));
        assertEquals(403, kc.adminAs(narrow, "GET", "/" + REALM + "/clients/" + agentB, null).status(), "narrow does not see agent-b");
    }

    // ------------------------------------------------------------------ delegate: view all clients, manage agent-a

    @Test
    void delegateReadsConnections() {
        String delegate = userToken("delegate");
        Kc.Response list = kc.adminAs(delegate, "GET", API + "/connections?max=1000", null);
        assertEquals(200, list.status(), list.toString());
        assertTrue(ids(list.json()).contains(agentBConnection), "the list is not filtered by client: " + list);
        Kc.Response count = kc.adminAs(delegate, "GET", API + "/connections/count", null);
        assertEquals(200, count.status(), count.toString());
        assertTrue(count.json().asInt() >= 1, count.toString());
        Kc.Response one = kc.adminAs(delegate, "GET", API + "/connections/" + agentBConnection, null);
        assertEquals(200, one.status(), one.toString());
        assertEquals("agent-b", one.json().path("clientId").asText());
    }

    @Test
    void delegateManagesAgentAConnections() {
        String delegate = userToken("delegate");
        String app = createApp("crud");
        Map<String, Object> connection = Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", "a-at-crud");

        // Creating one grants agent-a access to the app: the tool owner's (manage-realm) decision, not the delegate's.
        Kc.Response refused = kc.adminAs(delegate, "POST", API + "/connections", connection);
        assertEquals(403, refused.status(), refused.toString());
        String id = created(kc.admin("POST", API + "/connections", connection));

        Kc.Response updated = kc.adminAs(delegate, "PUT", API + "/connections/" + id, Kc.with(connection, "description", "by delegate"));
        assertEquals(200, updated.status(), updated.toString());
        JsonNode after = kc.admin("GET", API + "/connections/" + id, null).json();
        assertEquals("by delegate", after.path("description").asText());
        assertEquals("delegate", after.path("updatedBy").asText(), after.toString());

        Kc.Response deleted = kc.adminAs(delegate, "DELETE", API + "/connections/" + id, null);
        assertEquals(204, deleted.status(), deleted.toString());
        assertEquals(404, kc.admin("GET", API + "/connections/" + id, null).status(), "the connection is gone");
    }

    @Test
    void delegateCannotTouchAgentBConnections() {
        String delegate = userToken("delegate");
        String app = createApp("other");
        Map<String, Object> forB = Kc.body("clientId", "agent-b", "resourceAppId", app, "clientIdAtResourceApp", "b-at-other");
        Map<String, Object> bShared = Kc.body("clientId", "agent-b", "resourceAppId", appId, "clientIdAtResourceApp", "b-at-shared");

        assertEquals(403, kc.adminAs(delegate, "POST", API + "/connections", forB).status(), "create for agent-b");
        assertEquals(403, kc.adminAs(delegate, "PUT", API + "/connections/" + agentBConnection,
                Kc.with(bShared, "description", "hacked")).status(), "update agent-b's connection");
        assertEquals(403, kc.adminAs(delegate, "PUT", API + "/connections/" + agentBConnection,
                Kc.with(bShared, "clientId", "agent-a")).status(), "move agent-b's connection to agent-a");
        assertEquals(403, kc.adminAs(delegate, "DELETE", API + "/connections/" + agentBConnection, null).status(), "delete agent-b's connection");

        // A connection keeps its client: one's own cannot be moved to agent-b.
        String own = created(kc.admin("POST", API + "/connections",
                Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", "a-at-other")));
        assertEquals(400, kc.adminAs(delegate, "PUT", API + "/connections/" + own,
                Kc.body("clientId", "agent-b", "resourceAppId", app, "clientIdAtResourceApp", "a-at-other")).status(), "move to agent-b");

        JsonNode b = kc.admin("GET", API + "/connections/" + agentBConnection, null).json();
        assertEquals("agent-b", b.path("clientId").asText(), "refused writes changed nothing: " + b);
        assertFalse("hacked".equals(b.path("description").asText()), b.toString());
        assertEquals("agent-a", kc.admin("GET", API + "/connections/" + own, null).json().path("clientId").asText());
        assertEquals(0, count("/connections/count?clientId=agent-b&resourceAppId=" + app), "no agent-b connection was made");
    }

    @Test
    void delegateCannotChangeResourceApps() {
        String delegate = userToken("delegate");
        String u = unique();
        Kc.Response created = kc.adminAs(delegate, "POST", API + "/resource-apps",
                Kc.body("name", "Delegate " + u, "audience", "https://delegate-" + u + ".example.com"));
        assertEquals(403, created.status(), created.toString());
        assertEquals(0, count("/resource-apps/count?search=" + u));
        assertEquals(403, kc.adminAs(delegate, "PUT", API + "/resource-apps/" + appId,
                Kc.body("name", "hacked", "audience", "https://shared.example.com")).status(), "update a resource app");
        assertEquals(403, kc.adminAs(delegate, "DELETE", API + "/resource-apps/" + appId, null).status(), "delete a resource app");
        assertEquals(200, kc.admin("GET", API + "/resource-apps/" + appId, null).status());
    }

    // ------------------------------------------------------------------ narrow: view and manage agent-a only

    /**
     * Permissions on one client are enough for that client's connections: read them when the request names the
     * client, narrow, disable and delete them. Creating one is the tool owner's decision; everything beyond that
     * client stays forbidden.
     */
    @Test
    void perClientRightsCoverThatClientsConnectionsOnly() {
        String narrow = userToken("narrow");
        assertEquals(403, kc.adminAs(narrow, "GET", API + "/connections", null).status(), "the realm-wide list");
        assertEquals(403, kc.adminAs(narrow, "GET", API + "/connections?clientId=agent-b", null).status(), "agent-b's list");
        assertEquals(403, kc.adminAs(narrow, "GET", API + "/connections/" + agentBConnection, null).status(), "agent-b's connection");
        assertEquals(403, kc.adminAs(narrow, "GET", API + "/connections/no-such-id", null).status(), "no existence probe");

        String app = createApp("narrow");
        Map<String, Object> connection = Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", "a-at-narrow");
        assertEquals(403, kc.adminAs(narrow, "POST", API + "/connections", connection).status(), "creating one needs manage-realm");
        String id = created(kc.admin("POST", API + "/connections", connection));

        Kc.Response own = kc.adminAs(narrow, "GET", API + "/connections?clientId=agent-a&resourceAppId=" + app, null);
        assertEquals(200, own.status(), own.toString());
        assertEquals(1, own.json().size());
        assertEquals(200, kc.adminAs(narrow, "GET", API + "/connections/" + id, null).status());
        assertEquals(1, kc.adminAs(narrow, "GET", API + "/connections/count?clientId=agent-a&resourceAppId=" + app, null).json().asLong());

        Kc.Response updated = kc.adminAs(narrow, "PUT", API + "/connections/" + id, Kc.body("clientId", "agent-a",
                "resourceAppId", app, "clientIdAtResourceApp", "a-at-narrow", "enabled", false));
        assertEquals(200, updated.status(), updated.toString());
        assertEquals(false, updated.json().get("enabled").asBoolean());
        assertEquals("narrow", updated.json().get("updatedBy").asText());
        Kc.Response moved = kc.adminAs(narrow, "PUT", API + "/connections/" + id, Kc.body("clientId", "agent-b",
                "resourceAppId", app, "clientIdAtResourceApp", "a-at-narrow"));
        assertEquals(400, moved.status(), "a connection keeps its client: " + moved);
        Kc.Response forB = kc.adminAs(narrow, "POST", API + "/connections",
                Kc.body("clientId", "agent-b", "resourceAppId", app, "clientIdAtResourceApp", "b-at-narrow"));
        assertEquals(403, forB.status(), forB.toString());
        assertEquals(403, kc.adminAs(narrow, "DELETE", API + "/connections/" + agentBConnection, null).status());

        assertEquals(204, kc.adminAs(narrow, "DELETE", API + "/connections/" + id, null).status());
        assertEquals(0, count("/connections/count?resourceAppId=" + app));
    }

    // ------------------------------------------------------------------ helpers
    static String userToken(String username) {
        return kc.userToken(REALM, "admin-cli", null, username, PASSWORD);
    }

    static String createApp(String name) {
        String u = unique();
        return created(kc.admin("POST", API + "/resource-apps",
                Kc.body("name", name + " " + u, "audience", "https://" + name + "-" + u + ".example.com", "scopes", List.of("x"))));
    }

    /** The id of what a 201 created: from the body, else from the Location header. */
    static String created(Kc.Response response) {
        assertEquals(201, response.status(), response.toString());
        if (response.body() != null && !response.body().isBlank()) {
            String id = response.json().path("id").asText("");
            if (!id.isEmpty()) {
                return id;
            }
        }
        return response.createdId();
    }

    static String clientUuid(String clientId) {
        Kc.Response clients = kc.admin("GET", "/" + REALM + "/clients?clientId=" + enc(clientId), null);
        assertEquals(200, clients.status(), clients.toString());
        assertEquals(1, clients.json().size(), "client " + clientId + ": " + clients);
        return clients.json().get(0).path("id").asText();
    }

    static String userId(String username) {
        Kc.Response users = kc.admin("GET", "/" + REALM + "/users?exact=true&username=" + enc(username), null);
        assertEquals(200, users.status(), users.toString());
        assertEquals(1, users.json().size(), "user " + username + ": " + users);
        return users.json().get(0).path("id").asText();
    }

    static int count(String path) {
        Kc.Response response = kc.admin("GET", API + path, null);
        assertEquals(200, response.status(), response.toString());
        return response.json().asInt();
    }

    static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("id").asText()).toList();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
