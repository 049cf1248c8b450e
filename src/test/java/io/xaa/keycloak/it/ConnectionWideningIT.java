package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Granting or widening a client's access to a tool is the tool owner's decision (manage-realm); whoever may
 * only manage the client may narrow, disable or delete. Two kinds of client manager in realm {@code widening-it}:
 * <ul>
 *   <li>{@code clients-manager}: the realm-management roles manage-clients and view-clients;</li>
 *   <li>{@code delegate}: no role, a fine-grained (FGAP v2) {@code view} and {@code manage} permission on agent-a only.</li>
 * </ul>
 * {@code owner} holds manage-realm besides. A PUT merges: a field it omits keeps its stored value.
 */
@ExtendWith(KeycloakExtension.class)
class ConnectionWideningIT {

    static final String REALM = "widening-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String R1 = "https://mcp.widening.example.com/one";
    static final String R2 = "https://mcp.widening.example.com/two";

    static Kc kc;

    @BeforeAll
    static void setUp(Kc server) {
        kc = server;
        kc.createRealm("widening-it-realm.json");
        String authz = "/" + REALM + "/clients/" + uuid("/clients?clientId=admin-permissions") + "/authz/resource-server";
        String delegate = created(kc.admin("POST", authz + "/policy/user", Kc.body("name", "delegate",
                "users", List.of(uuid("/users?exact=true&username=delegate")), "logic", "POSITIVE")));
        Kc.Response permission = kc.admin("POST", authz + "/permission/scope", Kc.body("name", "delegate manages agent-a",
                "resourceType", "Clients", "resources", List.of(uuid("/clients?clientId=agent-a")), "scopes", List.of("view", "manage"),
                "policies", List.of(delegate), "decisionStrategy", "UNANIMOUS"));
        assertTrue(permission.status() == 201 || permission.status() == 409, permission.toString());
    }

    // ------------------------------------------------------------------ create

    @ParameterizedTest
    @ValueSource(strings = {"clients-manager", "delegate"})
    void creatingAConnectionIsTheToolOwnersDecision(String manager) {
        String app = createApp();
        Map<String, Object> connection = Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", "a-" + unique());

        assertError(kc.adminAs(token(manager), "POST", API + "/connections", connection), 403, "manage-realm");
        assertEquals(0, count(app), "nothing was created");

        Kc.Response byOwner = kc.adminAs(token("owner"), "POST", API + "/connections", connection);
        assertEquals(201, byOwner.status(), byOwner.toString());
    }

    // ------------------------------------------------------------------ widening refused, narrowing allowed

    @ParameterizedTest
    @ValueSource(strings = {"clients-manager", "delegate"})
    void aClientManagerCannotWiden(String manager) {
        String app = createApp();
        Map<String, Object> full = fullConnection(app);
        String id = kc.createConnection(REALM, full);
        String token = token(manager);
        JsonNode stored = get(id);

        refused(token, id, Kc.with(full, "scopes", List.of("x", "y", "z")), "scopes");
        refused(token, id, Map.of("scopes", List.of("x", "z")), "scopes");
        refused(token, id, Kc.with(full, "resources", List.of()), "resources");
        refused(token, id, Kc.with(full, "resources", List.of(R1, R2)), "resources");
        refused(token, id, Kc.with(full, "requiredGroups", List.of()), "requiredGroups");
        refused(token, id, Kc.with(full, "requiredGroups", List.of("/eng/ai", "/ops", "/eng")), "requiredGroups");
        refused(token, id, Kc.with(full, "expiresAt", "2031-01-01T00:00:00Z"), "expiresAt");
        refused(token, id, Kc.with(full, "expiresAt", null), "expiresAt");
        refused(token, id, Kc.with(full, "clientIdAtResourceApp", "someone-else-" + unique()), "clientIdAtResourceApp");
        assertEquals(stored, get(id), "refused updates changed nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"clients-manager", "delegate"})
    void aClientManagerMayNarrowDisableAndDelete(String manager) {
        String app = createApp();
        Map<String, Object> full = fullConnection(app);
        String id = kc.createConnection(REALM, full);
        String token = token(manager);

        JsonNode narrowed = updated(token, id, Kc.with(Kc.with(Kc.with(full, "scopes", List.of("x")),
                "requiredGroups", List.of("/eng/ai")), "expiresAt", "2029-06-30T00:00:00Z"));
        assertEquals(List.of("x"), strings(narrowed.path("scopes")));
        assertEquals(List.of("/eng/ai"), strings(narrowed.path("requiredGroups")));
        assertEquals("2029-06-30T00:00:00Z", narrowed.path("expiresAt").asText());
        assertEquals(List.of(R1), strings(updated(token, id, Map.of("description", "narrowed")).path("resources")));

        JsonNode disabled = updated(token, id, Map.of("enabled", false));
        assertFalse(disabled.path("enabled").asBoolean(true), disabled.toString());
        refused(token, id, Map.of("enabled", true), "enabled");
        refused(token, id, Kc.with(full, "enabled", true), "enabled");

        // The console sends the whole object; one without "enabled" must not re-enable.
        JsonNode edited = updated(token, id, Kc.without(Kc.with(Kc.with(Kc.with(full, "scopes", List.of("x")),
                "requiredGroups", List.of("/eng/ai")), "expiresAt", "2029-06-30T00:00:00Z"), "enabled"));
        assertFalse(edited.path("enabled").asBoolean(true), "omitting enabled leaves it disabled: " + edited);
        assertFalse(updated(token, id, Map.of("description", "still off")).path("enabled").asBoolean(true));

        assertEquals(204, kc.adminAs(token, "DELETE", API + "/connections/" + id, null).status());
        assertEquals(0, count(app));
    }

    @Test
    void theToolOwnerMayWiden() {
        String app = createApp();
        Map<String, Object> full = Kc.with(fullConnection(app), "enabled", false);
        String id = kc.createConnection(REALM, full);
        String owner = token("owner");

        JsonNode widened = updated(owner, id, Map.of("scopes", List.of("x", "y", "z"), "resources", List.of(),
                "requiredGroups", List.of(), "expiresAt", "2040-01-01T00:00:00Z", "enabled", true,
                "clientIdAtResourceApp", "renamed-" + unique()));
        assertEquals(List.of("x", "y", "z"), strings(widened.path("scopes")));
        assertEquals(List.of(), strings(widened.path("resources")));
        assertEquals(List.of(), strings(widened.path("requiredGroups")));
        assertEquals("2040-01-01T00:00:00Z", widened.path("expiresAt").asText());
        assertTrue(widened.path("enabled").asBoolean(false));
        assertTrue(updated(owner, id, Kc.body("expiresAt", null)).path("expiresAt").isMissingNode(), "an explicit null removes the expiry");
    }

    // ------------------------------------------------------------------ merge semantics

    @Test
    void aPutKeepsWhatItOmits() {
        String app = createApp();
        Map<String, Object> full = Kc.with(fullConnection(app), "enabled", false);
        String id = kc.createConnection(REALM, full);
        JsonNode before = get(id);

        JsonNode after = updated(kc.adminToken(), id, Map.of("description", "only this"));
        assertEquals("only this", after.path("description").asText());
        for (String field : List.of("clientId", "resourceAppId", "clientIdAtResourceApp", "scopes", "resources", "requiredGroups",
                "enabled", "expiresAt", "createdBy", "createdAt")) {
            assertEquals(before.path(field), after.path(field), field);
        }
        assertTrue(updated(kc.adminToken(), id, Kc.body("description", null)).path("description").isMissingNode(), "null clears it");
    }

    @Test
    void aConnectionKeepsItsClientAndResourceApp() {
        String app = createApp();
        String other = createApp();
        String id = kc.createConnection(REALM, fullConnection(app));
        assertError(kc.admin("PUT", API + "/connections/" + id, Map.of("resourceAppId", other)), 400, "resourceAppId");
        assertError(kc.admin("PUT", API + "/connections/" + id, Map.of("clientId", "agent-b")), 400, "clientId");
        assertEquals("agent-a", get(id).path("clientId").asText());
        assertEquals(app, get(id).path("resourceAppId").asText());
    }

    // ------------------------------------------------------------------ one identity per resource app

    @Test
    void twoClientsNeverShareAnIdentityAtOneResourceApp() {
        String app = createApp();
        String identity = "shared-" + unique();
        String a = kc.createConnection(REALM, Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", identity));

        assertError(kc.admin("POST", API + "/connections",
                Kc.body("clientId", "agent-b", "resourceAppId", app, "clientIdAtResourceApp", identity)), 409, "agent-a");
        String b = kc.createConnection(REALM, Kc.body("clientId", "agent-b", "resourceAppId", app, "clientIdAtResourceApp", "b-" + identity));
        assertError(kc.admin("PUT", API + "/connections/" + b, Map.of("clientIdAtResourceApp", identity)), 409, "agent-a");
        assertEquals("b-" + identity, get(b).path("clientIdAtResourceApp").asText());
        assertEquals(200, kc.admin("PUT", API + "/connections/" + a, Map.of("clientIdAtResourceApp", identity)).status(), "its own is no conflict");

        String otherApp = createApp();
        kc.createConnection(REALM, Kc.body("clientId", "agent-b", "resourceAppId", otherApp, "clientIdAtResourceApp", identity));
    }

    @Test
    void anImportNeverGivesTwoClientsOneIdentity() {
        String u = unique();
        String audience = "https://import-" + u + ".widening.example.com";
        Map<String, Object> app = Kc.body("name", "Import " + u, "audience", audience, "scopes", List.of("x"));
        Map<String, Object> a = Kc.body("clientId", "agent-a", "resourceAppAudience", audience, "clientIdAtResourceApp", "one-" + u);
        Map<String, Object> b = Kc.body("clientId", "agent-b", "resourceAppAudience", audience, "clientIdAtResourceApp", "one-" + u);

        assertError(kc.admin("POST", API + "/import", Kc.body("resourceApps", List.of(app), "connections", List.of(a, b))), 409, "one-" + u);
        assertEquals(0, kc.admin("GET", API + "/resource-apps/count?search=" + u, null).json().asInt(), "a refused import changes nothing");

        assertEquals(200, kc.admin("POST", API + "/import", Kc.body("resourceApps", List.of(app), "connections", List.of(a))).status());
        assertError(kc.admin("POST", API + "/import", Kc.body("resourceApps", List.of(app), "connections", List.of(b))), 409, "agent-a");
        assertEquals(200, kc.admin("POST", API + "/import", Kc.body("resourceApps", List.of(app), "connections",
                List.of(Kc.with(b, "clientIdAtResourceApp", "two-" + u)))).status());
    }

    /** Replace deletes what the document lacks before it writes, so the document may reuse an identity it frees. */
    @Test
    void aReplacingImportMayHandAnIdentityToAnotherClient() {
        String realm = "widening-it-replace-" + unique();
        Kc.Response created = kc.admin("POST", "", Kc.body("realm", realm, "enabled", true, "clients", List.of(
                Kc.body("clientId", "agent-a", "protocol", "openid-connect", "publicClient", false, "secret", "a-secret"),
                Kc.body("clientId", "agent-b", "protocol", "openid-connect", "publicClient", false, "secret", "b-secret"))));
        assertEquals(201, created.status(), created.toString());
        try {
            String api = "/" + realm + "/cross-app-access";
            String audience = "https://replace.widening.example.com";
            Map<String, Object> app = Kc.body("name", "Replace", "audience", audience, "scopes", List.of("x"));
            Map<String, Object> a = Kc.body("clientId", "agent-a", "resourceAppAudience", audience, "clientIdAtResourceApp", "the-agent");
            assertEquals(200, kc.admin("POST", api + "/import", Kc.body("resourceApps", List.of(app), "connections", List.of(a))).status());

            Kc.Response replaced = kc.admin("POST", api + "/import?mode=replace", Kc.body("resourceApps", List.of(app),
                    "connections", List.of(Kc.with(a, "clientId", "agent-b"))));
            assertEquals(200, replaced.status(), replaced.toString());
            JsonNode connections = kc.admin("GET", api + "/connections", null).json();
            assertEquals(1, connections.size(), connections.toString());
            assertEquals("agent-b", connections.get(0).path("clientId").asText());
            assertEquals("the-agent", connections.get(0).path("clientIdAtResourceApp").asText());
        } finally {
            kc.admin("DELETE", "/" + realm, null);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** scopes x, y of x, y, z; resource R1 of R1, R2; groups /eng/ai or /ops; an expiry. */
    static Map<String, Object> fullConnection(String app) {
        return Kc.body("clientId", "agent-a", "resourceAppId", app, "clientIdAtResourceApp", "a-" + unique(),
                "scopes", List.of("x", "y"), "resources", List.of(R1), "requiredGroups", List.of("/eng/ai", "/ops"),
                "enabled", true, "expiresAt", "2030-01-01T00:00:00Z", "description", "full");
    }

    static void refused(String token, String id, Map<String, Object> body, String word) {
        assertError(kc.adminAs(token, "PUT", API + "/connections/" + id, body), 403, word);
    }

    static JsonNode updated(String token, String id, Map<String, Object> body) {
        Kc.Response response = kc.adminAs(token, "PUT", API + "/connections/" + id, body);
        assertEquals(200, response.status(), body + ": " + response);
        return response.json();
    }

    static JsonNode get(String id) {
        Kc.Response response = kc.admin("GET", API + "/connections/" + id, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    static String createApp() {
        String u = unique();
        return kc.createResourceApp(REALM, Kc.body("name", "Tool " + u, "audience", "https://tool-" + u + ".widening.example.com",
                "scopes", List.of("x", "y", "z"), "resources", List.of(R1, R2)));
    }

    static int count(String app) {
        return kc.admin("GET", API + "/connections/count?resourceAppId=" + app, null).json().asInt();
    }

    static String token(String username) {
        return kc.userToken(REALM, "admin-cli", null, username, "pw");
    }

    static void assertError(Kc.Response response, int status, String word) {
        assertEquals(status, response.status(), response.toString());
        assertTrue(response.json().path("errorMessage").asText("").contains(word), "errorMessage should contain '" + word + "': " + response);
    }

    /** The id of the one object a search of the realm's admin API finds. */
    static String uuid(String search) {
        Kc.Response found = kc.admin("GET", "/" + REALM + search, null);
        assertEquals(200, found.status(), found.toString());
        assertEquals(1, found.json().size(), search + ": " + found);
        return found.json().get(0).path("id").asText();
    }

    static String created(Kc.Response response) {
        assertTrue(response.status() == 201, response.toString());
        return response.json().path("id").asText();
    }

    static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array: " + array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
