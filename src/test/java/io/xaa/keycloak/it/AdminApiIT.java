package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin REST API under {@code /admin/realms/{realm}/cross-app-access}: CRUD, validation, paging and
 * filters, permissions, export/import, admin events and cleanup when a client goes away. Runs in its own
 * realm {@code admin-it}; every test makes its own uniquely named objects, so the order does not matter
 * (the import tests in replace mode may wipe other tests' leftovers, which no test relies on).
 */
@ExtendWith(KeycloakExtension.class)
class AdminApiIT {

    static final String REALM = "admin-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String PASSWORD = "pw";

    static Kc kc;

    @BeforeAll
    static void createRealm(Kc server) {
        kc = server;
        Kc.Response created = kc.admin("POST", "", Kc.realmFile("admin-it-realm.json"));
        assertTrue(created.status() == 201 || created.status() == 409, "creating realm admin-it: " + created);
        Kc.Response realm = kc.admin("GET", "/" + REALM, null);
        assertEquals(200, realm.status(), realm.toString());
        assertTrue(realm.json().path("adminEventsEnabled").asBoolean(), "admin events are on");
        assertTrue(realm.json().path("adminEventsDetailsEnabled").asBoolean(), "admin event details are on");
    }

    // ------------------------------------------------------------------ 1. resource apps CRUD

    @Test
    void resourceAppCrud() {
        String u = unique();
        String audience = "https://as-" + u + ".example.com";
        Kc.Response created = call("POST", "/resource-apps", Kc.body(
                "name", "CRUD " + u, "audience", audience,
                "scopes", List.of("files:read", "files:write"),
                "resources", List.of("https://mcp-" + u + ".example.com/files")));
        assertEquals(201, created.status(), created.toString());
        JsonNode app = created.json();
        String id = app.path("id").asText();
        assertFalse(id.isEmpty(), "the created app has an id: " + app);
        assertEquals(kc.baseUrl() + "/admin/realms/" + REALM + "/cross-app-access/resource-apps/" + id, created.header("Location"));
        assertTrue(created.header("Location").endsWith("/cross-app-access/resource-apps/" + id));
        assertEquals("CRUD " + u, app.path("name").asText());
        assertEquals(audience, app.path("audience").asText());
        assertEquals(List.of("files:read", "files:write"), strings(app.path("scopes")));
        assertEquals(List.of("https://mcp-" + u + ".example.com/files"), strings(app.path("resources")));
        assertEquals(300, app.path("idJagLifetimeSeconds").asInt(-1), "default lifetime: " + app);
        assertTrue(app.path("includeEmail").isBoolean() && !app.path("includeEmail").asBoolean(), "includeEmail defaults to false: " + app);
        assertTrue(app.path("enabled").isBoolean() && app.path("enabled").asBoolean(), "enabled defaults to true: " + app);

        Kc.Response read = call("GET", "/resource-apps/" + id, null);
        assertEquals(200, read.status(), read.toString());
        assertEquals(app, read.json());

        Kc.Response updated = call("PUT", "/resource-apps/" + id, Kc.body(
                "id", id, "name", "CRUD renamed " + u, "audience", audience,
                "scopes", List.of("files:read", "calendar:read"), "resources", List.of(),
                "idJagLifetimeSeconds", 120, "includeEmail", true, "enabled", false));
        assertEquals(200, updated.status(), updated.toString());
        JsonNode after = call("GET", "/resource-apps/" + id, null).json();
        assertEquals(updated.json(), after);
        assertEquals(id, after.path("id").asText());
        assertEquals("CRUD renamed " + u, after.path("name").asText());
        assertEquals(List.of("files:read", "calendar:read"), strings(after.path("scopes")));
        assertEquals(List.of(), strings(after.path("resources")));
        assertEquals(120, after.path("idJagLifetimeSeconds").asInt());
        assertTrue(after.path("includeEmail").asBoolean());
        assertFalse(after.path("enabled").asBoolean(true));

        // Absent fields take their defaults on update too; an id-less body updates the app of the path.
        Kc.Response defaults = call("PUT", "/resource-apps/" + id, Kc.body("name", "CRUD renamed " + u, "audience", audience));
        assertEquals(200, defaults.status(), defaults.toString());
        assertEquals(300, defaults.json().path("idJagLifetimeSeconds").asInt());
        assertFalse(defaults.json().path("includeEmail").asBoolean(true));
        assertTrue(defaults.json().path("enabled").asBoolean(false));
        assertEquals(List.of(), strings(defaults.json().path("scopes")));

        Kc.Response deleted = call("DELETE", "/resource-apps/" + id, null);
        assertEquals(204, deleted.status(), deleted.toString());
        assertError(call("GET", "/resource-apps/" + id, null), 404, "not found");
        assertError(call("DELETE", "/resource-apps/" + id, null), 404, "not found");
        assertError(call("PUT", "/resource-apps/" + id, Kc.body("name", "ghost", "audience", audience)), 404, "not found");
        assertEquals(0, count("/resource-apps/count?search=" + enc(u)));
    }

    // ------------------------------------------------------------------ 2. resource app validation

    @Test
    void resourceAppValidation() {
        String u = unique();
        String aud = "https://val-" + u + ".example.com";
        assertError(call("POST", "/resource-apps", Kc.body("audience", aud)), 400, "name");
        assertError(call("POST", "/resource-apps", Kc.body("name", "  ", "audience", aud)), 400, "name");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u)), 400, "audience");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", "http://as.example.com")), 400, "https");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", "not a uri")), 400, "URI");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", "/relative/path")), 400, "absolute");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud + "/x#frag")), 400, "fragment");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "idJagLifetimeSeconds", 0)), 400, "idJagLifetimeSeconds");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "idJagLifetimeSeconds", 301)), 400, "idJagLifetimeSeconds");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "scopes", List.of("a b"))), 400, "scope");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "scopes", List.of("x", "x"))), 400, "repeat");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "resources", List.of("http://mcp.example.com/x"))), 400, "resource");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "colour", "red")), 400, "unknown field");
        assertError(call("POST", "/resource-apps", "{\"name\": \"V " + u + "\", \"audience\": "), 400, "malformed JSON");
        assertError(call("POST", "/resource-apps", Kc.body("name", "V " + u, "audience", aud, "idJagLifetimeSeconds", "soon")), 400, "malformed JSON");
        assertError(call("POST", "/resource-apps", null), 400, "body");
        assertEquals(0, count("/resource-apps/count?search=" + enc(u)), "no refused app was saved");

        // Accepted: the boundaries, and http on loopback hosts.
        String id = createApp(Kc.body("name", "V " + u, "audience", aud, "idJagLifetimeSeconds", 1)).path("id").asText();
        createApp(Kc.body("name", "V local " + u, "audience", "http://localhost:9999/realms/" + u, "idJagLifetimeSeconds", 300));
        createApp(Kc.body("name", "V loopback " + u, "audience", "http://127.0.0.1:9999/realms/" + u));

        assertError(call("POST", "/resource-apps", Kc.body("name", "V dup " + u, "audience", aud)), 409, "audience");
        String otherId = createApp(Kc.body("name", "V other " + u, "audience", aud + "/other")).path("id").asText();
        assertError(call("PUT", "/resource-apps/" + otherId, Kc.body("id", otherId, "name", "V other " + u, "audience", aud)), 409, "audience");
        assertError(call("PUT", "/resource-apps/" + otherId, Kc.body("id", id, "name", "V moved " + u, "audience", aud + "/moved")), 400, "id");
        assertError(call("PUT", "/resource-apps/" + otherId, Kc.body("name", "V other " + u, "audience", aud + "/other", "idJagLifetimeSeconds", 301)), 400, "idJagLifetimeSeconds");
        JsonNode other = call("GET", "/resource-apps/" + otherId, null).json();
        assertEquals(aud + "/other", other.path("audience").asText(), "refused updates changed nothing");
        assertEquals("V other " + u, other.path("name").asText());
        assertEquals(300, other.path("idJagLifetimeSeconds").asInt());
        assertEquals(1, call("GET", "/resource-apps/" + id, null).json().path("idJagLifetimeSeconds").asInt());
        assertEquals(4, count("/resource-apps/count?search=" + enc(u)));
    }

    // ------------------------------------------------------------------ 3. connections CRUD

    @Test
    void connectionCrud() {
        String u = unique();
        String files = "https://mcp-" + u + ".example.com/files";
        String calendar = "https://mcp-" + u + ".example.com/calendar";
        String appId = createApp(Kc.body("name", "Conn CRUD " + u, "audience", "https://as-" + u + ".example.com",
                "scopes", List.of("files:read", "files:write", "calendar:read"), "resources", List.of(files, calendar))).path("id").asText();

        Instant before = Instant.now().minusSeconds(60);
        Kc.Response created = call("POST", "/connections", Kc.body(
                "clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "agent-a-at-" + u,
                "scopes", List.of("files:read"), "resources", List.of(files), "requiredGroups", List.of("/eng/ai"),
                "enabled", true, "expiresAt", "2030-01-31T18:00:00Z", "description", "crud " + u,
                // read-only fields are ignored on input
                "createdBy", "mallory", "issuedCount", 99, "lastUsedAt", "2020-01-01T00:00:00Z"));
        assertEquals(201, created.status(), created.toString());
        JsonNode c = created.json();
        String id = c.path("id").asText();
        assertFalse(id.isEmpty(), c.toString());
        assertEquals(kc.baseUrl() + "/admin/realms/" + REALM + "/cross-app-access/connections/" + id, created.header("Location"));
        assertEquals("agent-a", c.path("clientId").asText());
        assertEquals(appId, c.path("resourceAppId").asText());
        assertEquals("agent-a-at-" + u, c.path("clientIdAtResourceApp").asText());
        assertEquals(List.of("files:read"), strings(c.path("scopes")));
        assertEquals(List.of(files), strings(c.path("resources")));
        assertEquals(List.of("/eng/ai"), strings(c.path("requiredGroups")));
        assertTrue(c.path("enabled").asBoolean(false));
        assertEquals("2030-01-31T18:00:00Z", c.path("expiresAt").asText());
        assertEquals("crud " + u, c.path("description").asText());
        assertEquals("admin", c.path("createdBy").asText());
        assertEquals("admin", c.path("updatedBy").asText());
        Instant createdAt = Instant.parse(c.path("createdAt").asText());
        assertTrue(createdAt.isAfter(before) && createdAt.isBefore(Instant.now().plusSeconds(60)), "createdAt is now: " + c);
        assertEquals(c.path("createdAt").asText(), c.path("updatedAt").asText());
        assertTrue(c.path("lastUsedAt").isMissingNode() || c.path("lastUsedAt").isNull(), "unused: " + c);
        assertEquals(0, c.path("issuedCount").asLong(-1));
        assertTrue(c.path("issuedCount").isNumber(), c.toString());
        assertTrue(c.path("resourceAppAudience").isMissingNode(), "resourceAppAudience is only in exports: " + c);

        Kc.Response read = call("GET", "/connections/" + id, null);
        assertEquals(200, read.status(), read.toString());
        assertEquals(c, read.json());

        String manager = userToken("manager");
        Kc.Response updated = kc.adminAs(manager, "PUT", API + "/connections/" + id, Kc.body(
                "id", id, "clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "agent-a-renamed-" + u,
                "scopes", List.of("files:read", "calendar:read"), "resources", List.of(), "requiredGroups", List.of("/eng", "/ops"),
                "enabled", false, "expiresAt", "2031-06-30T12:00:00+02:00", "description", "updated " + u));
        assertEquals(200, updated.status(), updated.toString());
        JsonNode after = call("GET", "/connections/" + id, null).json();
        assertEquals(updated.json(), after);
        assertEquals("agent-a-renamed-" + u, after.path("clientIdAtResourceApp").asText());
        assertEquals(List.of("files:read", "calendar:read"), strings(after.path("scopes")));
        assertEquals(List.of(), strings(after.path("resources")));
        assertEquals(List.of("/eng", "/ops"), strings(after.path("requiredGroups")));
        assertFalse(after.path("enabled").asBoolean(true));
        assertEquals("2031-06-30T10:00:00Z", after.path("expiresAt").asText(), "stored as an instant, shown in UTC");
        assertEquals("updated " + u, after.path("description").asText());
        assertEquals("admin", after.path("createdBy").asText(), "the creator stays");
        assertEquals(c.path("createdAt").asText(), after.path("createdAt").asText());
        assertEquals("manager", after.path("updatedBy").asText());
        assertFalse(Instant.parse(after.path("updatedAt").asText()).isBefore(createdAt));
        assertEquals(0, after.path("issuedCount").asLong(-1));

        // A PUT keeps what it omits; explicit nulls and empty lists clear.
        Kc.Response cleared = call("PUT", "/connections/" + id, Kc.body(
                "clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "agent-a-renamed-" + u,
                "scopes", List.of(), "expiresAt", null, "description", null, "enabled", true));
        assertEquals(200, cleared.status(), cleared.toString());
        assertTrue(cleared.json().path("expiresAt").isMissingNode(), "no expiry: " + cleared);
        assertTrue(cleared.json().path("description").isMissingNode(), "no description: " + cleared);
        assertTrue(cleared.json().path("enabled").asBoolean(false), "enabled again");
        assertEquals(List.of("/eng", "/ops"), strings(cleared.json().path("requiredGroups")), "omitted: kept");
        assertEquals(List.of(), strings(cleared.json().path("scopes")));
        assertEquals("admin", cleared.json().path("updatedBy").asText());

        assertEquals(204, call("DELETE", "/connections/" + id, null).status());
        assertError(call("GET", "/connections/" + id, null), 404, "not found");
        assertError(call("DELETE", "/connections/" + id, null), 404, "not found");
        assertError(call("PUT", "/connections/" + id, Kc.body("clientId", "agent-a", "resourceAppId", appId,
                "clientIdAtResourceApp", "x")), 404, "not found");
        assertEquals(0, count("/connections/count?resourceAppId=" + appId));
        assertEquals(200, call("GET", "/resource-apps/" + appId, null).status(), "deleting a connection keeps its app");
    }

    // ------------------------------------------------------------------ 4. connection validation

    @Test
    void connectionValidation() {
        String u = unique();
        String rA = "https://mcp-" + u + ".example.com/a";
        String appId = createApp(Kc.body("name", "Conn val " + u, "audience", "https://as-" + u + ".example.com",
                "scopes", List.of("s:read", "s:write"), "resources", List.of(rA))).path("id").asText();
        Map<String, Object> valid = Kc.body("clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "a-at-" + u,
                "scopes", List.of("s:read"), "resources", List.of(rA), "requiredGroups", List.of("/eng/ai"),
                "expiresAt", "2030-01-31T18:00:00Z", "description", "val " + u);

        assertError(call("POST", "/connections", Kc.with(valid, "clientId", "no-such-client-" + u)), 400, "does not exist");
        assertError(call("POST", "/connections", Kc.without(valid, "clientId")), 400, "clientId");
        assertError(call("POST", "/connections", Kc.with(valid, "clientId", "public-app")), 400, "confidential");
        assertError(call("POST", "/connections", Kc.with(valid, "clientId", "bearer-api")), 400, "confidential");
        assertError(call("POST", "/connections", Kc.with(valid, "clientId", "saml-sp")), 400, "confidential");
        assertError(call("POST", "/connections", Kc.with(valid, "scopes", List.of("s:admin"))), 400, "not offered");
        assertError(call("POST", "/connections", Kc.with(valid, "scopes", List.of("s:read", "s:read"))), 400, "repeat");
        assertError(call("POST", "/connections", Kc.with(valid, "resources", List.of("https://other-" + u + ".example.com/x"))), 400, "not governed");
        assertError(call("POST", "/connections", Kc.with(valid, "requiredGroups", List.of("/nope"))), 400, "/nope");
        assertError(call("POST", "/connections", Kc.with(valid, "requiredGroups", List.of("/eng/nope"))), 400, "/eng/nope");
        assertError(call("POST", "/connections", Kc.with(valid, "expiresAt", "tomorrow")), 400, "expiresAt");
        assertError(call("POST", "/connections", Kc.with(valid, "expiresAt", "2030-01-31T18:00:00")), 400, "expiresAt");
        assertError(call("POST", "/connections", Kc.without(valid, "clientIdAtResourceApp")), 400, "clientIdAtResourceApp");
        assertError(call("POST", "/connections", Kc.with(valid, "clientIdAtResourceApp", " ")), 400, "clientIdAtResourceApp");
        assertError(call("POST", "/connections", Kc.with(valid, "resourceAppId", "no-such-app-" + u)), 400, "resourceAppId");
        assertError(call("POST", "/connections", Kc.without(valid, "resourceAppId")), 400, "resourceAppId");
        assertError(call("POST", "/connections", Kc.with(valid, "colour", "red")), 400, "unknown field");
        assertError(call("POST", "/connections", "{\"clientId\": [}"), 400, "malformed JSON");
        assertEquals(0, count("/connections/count?resourceAppId=" + appId), "no refused connection was saved");

        String id = createConnection(valid).path("id").asText();
        assertError(call("POST", "/connections", Kc.with(valid, "clientIdAtResourceApp", "again-" + u)), 409, "already");
        Map<String, Object> validB = Kc.with(Kc.with(valid, "clientId", "agent-b"), "clientIdAtResourceApp", "b-at-" + u);
        String otherId = createConnection(validB).path("id").asText();
        // A connection keeps its client: moving it onto agent-a's is refused before the pair could clash.
        assertError(call("PUT", "/connections/" + otherId, Kc.with(valid, "id", otherId)), 400, "clientId");
        assertError(call("PUT", "/connections/" + otherId, Kc.with(validB, "id", id)), 400, "id");
        assertError(call("PUT", "/connections/" + otherId, Kc.with(validB, "scopes", List.of("nope"))), 400, "not offered");
        assertEquals("agent-b", call("GET", "/connections/" + otherId, null).json().path("clientId").asText(), "refused updates changed nothing");
        assertEquals(List.of("s:read"), strings(call("GET", "/connections/" + otherId, null).json().path("scopes")));

        // The app may not stop offering what a connection uses.
        Map<String, Object> app = Kc.body("id", appId, "name", "Conn val " + u, "audience", "https://as-" + u + ".example.com",
                "scopes", List.of("s:read", "s:write"), "resources", List.of(rA));
        assertError(call("PUT", "/resource-apps/" + appId, Kc.with(app, "scopes", List.of("s:write"))), 409, "s:read");
        assertError(call("PUT", "/resource-apps/" + appId, Kc.with(app, "resources", List.of())), 409, rA);
        JsonNode unchanged = call("GET", "/resource-apps/" + appId, null).json();
        assertEquals(List.of("s:read", "s:write"), strings(unchanged.path("scopes")));
        assertEquals(List.of(rA), strings(unchanged.path("resources")));
        Kc.Response widened = call("PUT", "/resource-apps/" + appId, Kc.with(app, "scopes", List.of("s:read", "s:write", "s:admin")));
        assertEquals(200, widened.status(), "widening is fine: " + widened);
        Kc.Response narrowedUnused = call("PUT", "/resource-apps/" + appId, Kc.with(app, "scopes", List.of("s:read")));
        assertEquals(200, narrowedUnused.status(), "dropping an unused scope is fine: " + narrowedUnused);
        assertEquals(2, count("/connections/count?resourceAppId=" + appId));
    }

    // ------------------------------------------------------------------ 5. paging, search, filters

    @Test
    void resourceAppPagingSearchAndFilters() {
        String u = unique();
        Map<String, String> idByNumber = new HashMap<>();
        for (int i = 1; i <= 12; i++) {
            String n = String.format("%02d", i);
            boolean enabled = i != 3 && i != 7 && i != 11;
            idByNumber.put(n, createApp(Kc.body("name", "Page " + u + " " + n, "audience", "https://page-" + u + "-" + n + ".example.com",
                    "enabled", enabled)).path("id").asText());
        }

        List<String> all = ids(list("/resource-apps?max=1000"));
        assertEquals(all.size(), new HashSet<>(all).size(), "no duplicates");
        assertTrue(all.containsAll(idByNumber.values()));
        assertEquals(all.size(), count("/resource-apps/count"));
        List<String> paged = new ArrayList<>();
        for (int first = 0; ; first += 5) {
            List<String> page = ids(list("/resource-apps?first=" + first + "&max=5"));
            assertTrue(page.size() <= 5);
            page.forEach(id -> assertFalse(paged.contains(id), "pages overlap at " + id));
            paged.addAll(page);
            if (page.size() < 5) {
                break;
            }
        }
        assertEquals(all, paged, "the pages together are the whole list, in its order");
        assertEquals(List.of(), ids(list("/resource-apps?first=" + all.size() + "&max=5")));

        // search: name or audience, case-insensitive
        List<String> mine = ids(list("/resource-apps?search=" + enc("PAGE " + u.toUpperCase())));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            expected.add(idByNumber.get(String.format("%02d", i)));
        }
        assertEquals(expected, mine, "ordered by name");
        assertEquals(12, count("/resource-apps/count?search=" + enc("page " + u)));
        assertEquals(List.of(idByNumber.get("07")), ids(list("/resource-apps?search=" + enc("PAGE-" + u.toUpperCase() + "-07.EXAMPLE"))));
        assertEquals(1, count("/resource-apps/count?search=" + enc("page-" + u + "-07.example")));
        assertEquals(List.of(idByNumber.get("10"), idByNumber.get("11"), idByNumber.get("12")),
                ids(list("/resource-apps?search=" + enc("page " + u + " 1"))));
        assertEquals(List.of(idByNumber.get("11"), idByNumber.get("12")),
                ids(list("/resource-apps?search=" + enc("page " + u) + "&first=10&max=5")));
        assertEquals(List.of(), ids(list("/resource-apps?search=" + enc("no-such-" + u))));

        // enabled
        assertEquals(List.of(idByNumber.get("03"), idByNumber.get("07"), idByNumber.get("11")),
                ids(list("/resource-apps?enabled=false&search=" + enc(u))));
        assertEquals(3, count("/resource-apps/count?enabled=false&search=" + enc(u)));
        assertEquals(9, count("/resource-apps/count?enabled=true&search=" + enc(u)));
        List<JsonNode> disabled = list("/resource-apps?enabled=false&max=1000");
        disabled.forEach(app -> assertFalse(app.path("enabled").asBoolean(true), "enabled=false lists only disabled apps: " + app));
        assertEquals(disabled.size(), count("/resource-apps/count?enabled=false"));

        // bounds
        assertError(call("GET", "/resource-apps?max=0", null), 400, "max");
        assertError(call("GET", "/resource-apps?max=1001", null), 400, "max");
        assertError(call("GET", "/resource-apps?first=-1", null), 400, "first");
        assertEquals(200, call("GET", "/resource-apps?max=1000&first=0", null).status());
        assertEquals(1, list("/resource-apps?max=1").size());
    }

    @Test
    void connectionFiltersAndSearch() {
        String u = unique();
        String app1 = createApp(Kc.body("name", "Filter " + u + " one", "audience", "https://f1-" + u + ".example.com",
                "scopes", List.of("x"))).path("id").asText();
        String app2 = createApp(Kc.body("name", "Filter " + u + " two", "audience", "https://f2-" + u + ".example.com",
                "scopes", List.of("x"))).path("id").asText();
        String c1 = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app1, "clientIdAtResourceApp", "one-a-" + u,
                "description", "alpha " + u)).path("id").asText();
        String c2 = createConnection(Kc.body("clientId", "agent-b", "resourceAppId", app1, "clientIdAtResourceApp", "one-b-" + u,
                "description", "beta " + u, "enabled", false)).path("id").asText();
        String c3 = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app2, "clientIdAtResourceApp", "two-a-" + u,
                "description", "gamma " + u)).path("id").asText();
        String c4 = createConnection(Kc.body("clientId", "agent-b", "resourceAppId", app2, "clientIdAtResourceApp", "two-b-" + u,
                "description", "delta " + u)).path("id").asText();
        Set<String> mine = Set.of(c1, c2, c3, c4);

        // resourceAppId, alone and combined
        assertEquals(Set.of(c1, c2), Set.copyOf(ids(list("/connections?resourceAppId=" + app1))));
        assertEquals(2, count("/connections/count?resourceAppId=" + app1));
        assertEquals(List.of(c2), ids(list("/connections?resourceAppId=" + app1 + "&enabled=false")));
        assertEquals(List.of(c1), ids(list("/connections?resourceAppId=" + app1 + "&enabled=true")));
        assertEquals(1, count("/connections/count?resourceAppId=" + app1 + "&enabled=false"));
        assertEquals(List.of(c3), ids(list("/connections?resourceAppId=" + app2 + "&clientId=agent-a")));
        assertEquals(List.of(), ids(list("/connections?resourceAppId=no-such-app")));

        // clientId
        List<JsonNode> ofB = list("/connections?clientId=agent-b&max=1000");
        ofB.forEach(c -> assertEquals("agent-b", c.path("clientId").asText(), "clientId filter: " + c));
        assertEquals(Set.of(c2, c4), mine(ofB, mine));
        assertEquals(ofB.size(), count("/connections/count?clientId=agent-b"));
        assertEquals(List.of(), ids(list("/connections?clientId=no-such-client-" + u)));
        assertEquals(0, count("/connections/count?clientId=no-such-client-" + u));

        // enabled
        List<JsonNode> disabled = list("/connections?enabled=false&max=1000");
        disabled.forEach(c -> assertFalse(c.path("enabled").asBoolean(true), "enabled filter: " + c));
        assertEquals(Set.of(c2), mine(disabled, mine));
        assertEquals(disabled.size(), count("/connections/count?enabled=false"));
        assertEquals(Set.of(c1, c3, c4), mine(list("/connections?enabled=true&max=1000"), mine));

        // search: the client's clientId, the description, the app's name, the client id at the app
        List<JsonNode> searchB = list("/connections?search=AGENT-B&max=1000");
        assertEquals(Set.of(c2, c4), mine(searchB, mine), "search by the requesting client's clientId");
        assertEquals(searchB.size(), count("/connections/count?search=agent-b"));
        assertEquals(List.of(c2), ids(list("/connections?search=agent-b&resourceAppId=" + app1)));
        assertEquals(List.of(c2), ids(list("/connections?search=" + enc("BETA " + u.toUpperCase()))));
        assertEquals(1, count("/connections/count?search=" + enc("beta " + u)));
        assertEquals(Set.of(c3, c4), Set.copyOf(ids(list("/connections?search=" + enc("filter " + u + " two")))));
        assertEquals(List.of(c4), ids(list("/connections?search=" + enc("two-b-" + u))));
        assertEquals(4, count("/connections/count?search=" + enc(u)));

        // paging
        List<String> page1 = ids(list("/connections?search=" + enc(u) + "&first=0&max=3"));
        List<String> page2 = ids(list("/connections?search=" + enc(u) + "&first=3&max=3"));
        assertEquals(3, page1.size());
        assertEquals(1, page2.size());
        assertFalse(page1.contains(page2.get(0)));
        assertEquals(List.of(c1, c2, c3, c4), concat(page1, page2), "ordered by creation");
        assertError(call("GET", "/connections?max=0", null), 400, "max");
        assertError(call("GET", "/connections?max=1001", null), 400, "max");
        assertError(call("GET", "/connections?first=-1", null), 400, "first");
    }

    // ------------------------------------------------------------------ 6. permissions

    @Test
    void permissions() {
        String u = unique();
        String aud = "https://perm-" + u + ".example.com";
        String appId = createApp(Kc.body("name", "Perm " + u, "audience", aud, "scopes", List.of("x"))).path("id").asText();
        Map<String, Object> connection = Kc.body("clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "perm-" + u);
        String connectionId = createConnection(connection).path("id").asText();
        Map<String, Object> newApp = Kc.body("name", "Perm new " + u, "audience", aud + "/new");

        assertEquals(401, kc.adminAs(null, "GET", API + "/resource-apps", null).status());
        assertEquals(401, kc.adminAs(null, "GET", API + "/connections", null).status());
        assertEquals(401, kc.adminAs(null, "POST", API + "/resource-apps", newApp).status());

        String nobody = userToken("nobody");
        for (String path : List.of("/resource-apps", "/resource-apps/" + appId, "/resource-apps/count", "/connections",
                "/connections/" + connectionId, "/connections/count", "/export")) {
            assertEquals(403, kc.adminAs(nobody, "GET", API + path, null).status(), "nobody GET " + path);
        }
        assertEquals(403, kc.adminAs(nobody, "POST", API + "/resource-apps", newApp).status());

        for (String user : List.of("viewer", "realm-viewer")) {
            String token = userToken(user);
            for (String path : List.of("/resource-apps", "/resource-apps/" + appId, "/resource-apps/count", "/connections",
                    "/connections/" + connectionId, "/connections/count", "/export")) {
                Kc.Response read = kc.adminAs(token, "GET", API + path, null);
                assertEquals(200, read.status(), user + " GET " + path + ": " + read);
            }
            assertEquals(403, kc.adminAs(token, "POST", API + "/resource-apps", newApp).status(), user + " POST resource-apps");
            assertEquals(403, kc.adminAs(token, "PUT", API + "/resource-apps/" + appId,
                    Kc.body("name", "hacked", "audience", aud)).status(), user + " PUT resource-app");
            assertEquals(403, kc.adminAs(token, "DELETE", API + "/resource-apps/" + appId, null).status(), user + " DELETE resource-app");
            assertEquals(403, kc.adminAs(token, "POST", API + "/connections",
                    Kc.with(connection, "clientId", "agent-b")).status(), user + " POST connections");
            assertEquals(403, kc.adminAs(token, "PUT", API + "/connections/" + connectionId,
                    Kc.with(connection, "clientIdAtResourceApp", "hacked")).status(), user + " PUT connection");
            assertEquals(403, kc.adminAs(token, "DELETE", API + "/connections/" + connectionId, null).status(), user + " DELETE connection");
            assertEquals(403, kc.adminAs(token, "POST", API + "/import?mode=merge",
                    Kc.body("resourceApps", List.of(newApp))).status(), user + " POST import");
        }
        JsonNode app = call("GET", "/resource-apps/" + appId, null).json();
        assertEquals("Perm " + u, app.path("name").asText(), "refused writes changed nothing");
        assertEquals("perm-" + u, call("GET", "/connections/" + connectionId, null).json().path("clientIdAtResourceApp").asText());
        assertEquals(1, count("/connections/count?resourceAppId=" + appId));
        assertEquals(1, count("/resource-apps/count?search=" + enc(u)));

        String manager = userToken("manager");
        Kc.Response created = kc.adminAs(manager, "POST", API + "/resource-apps", newApp);
        assertEquals(201, created.status(), created.toString());
        Kc.Response connected = kc.adminAs(manager, "POST", API + "/connections",
                Kc.with(Kc.with(connection, "clientId", "agent-b"), "clientIdAtResourceApp", "perm-b-" + u));
        assertEquals(201, connected.status(), connected.toString());
        assertEquals("manager", connected.json().path("createdBy").asText());
        assertEquals(200, kc.adminAs(manager, "PUT", API + "/connections/" + connectionId,
                Kc.with(connection, "description", "by manager")).status());
        assertEquals(204, kc.adminAs(manager, "DELETE", API + "/connections/" + connected.json().path("id").asText(), null).status());
        assertEquals(204, kc.adminAs(manager, "DELETE", API + "/resource-apps/" + created.json().path("id").asText(), null).status());
    }

    // ------------------------------------------------------------------ 7. export / import

    @Test
    void exportImportRoundTrip() {
        String u = unique();
        String aud1 = "https://rt1-" + u + ".example.com";
        String aud2 = "https://rt2-" + u + ".example.com";
        String app1 = createApp(Kc.body("name", "RT one " + u, "audience", aud1, "scopes", List.of("a", "b"),
                "resources", List.of(aud1 + "/mcp"), "idJagLifetimeSeconds", 120, "includeEmail", true)).path("id").asText();
        String app2 = createApp(Kc.body("name", "RT two " + u, "audience", aud2, "scopes", List.of("c"), "enabled", false)).path("id").asText();
        createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app1, "clientIdAtResourceApp", "rt-a1-" + u,
                "scopes", List.of("a"), "resources", List.of(aud1 + "/mcp"), "requiredGroups", List.of("/eng/ai", "/ops"),
                "enabled", false, "expiresAt", "2030-01-31T18:00:00Z", "description", "rt a1 " + u));
        createConnection(Kc.body("clientId", "agent-b", "resourceAppId", app1, "clientIdAtResourceApp", "rt-b1-" + u, "scopes", List.of("a", "b")));
        createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app2, "clientIdAtResourceApp", "rt-a2-" + u, "scopes", List.of("c"),
                "requiredGroups", List.of("/eng")));

        Kc.Response exported = call("GET", "/export", null);
        assertEquals(200, exported.status(), exported.toString());
        JsonNode document = exported.json();
        Map<String, JsonNode> appsBefore = byAudience(document);
        Map<String, JsonNode> connectionsBefore = byClientAndAudience(document);
        assertTrue(appsBefore.containsKey(aud1) && appsBefore.containsKey(aud2), "export has this test's apps");
        assertTrue(connectionsBefore.containsKey("agent-a " + aud1) && connectionsBefore.containsKey("agent-b " + aud1)
                && connectionsBefore.containsKey("agent-a " + aud2), "export names each connection's app by audience: " + document);

        for (JsonNode app : document.path("resourceApps")) {
            assertEquals(204, call("DELETE", "/resource-apps/" + app.path("id").asText(), null).status());
        }
        assertEquals(0, count("/resource-apps/count"));
        assertEquals(0, count("/connections/count"), "deleting an app deletes its connections");

        Kc.Response imported = call("POST", "/import?mode=replace", document);
        assertEquals(200, imported.status(), imported.toString());
        JsonNode result = imported.json();
        assertEquals(appsBefore.size(), result.path("resourceAppsCreated").asInt(-1), result.toString());
        assertEquals(0, result.path("resourceAppsUpdated").asInt(-1), result.toString());
        assertEquals(0, result.path("resourceAppsDeleted").asInt(-1), result.toString());
        assertEquals(connectionsBefore.size(), result.path("connectionsCreated").asInt(-1), result.toString());
        assertEquals(0, result.path("connectionsUpdated").asInt(-1), result.toString());
        assertEquals(0, result.path("connectionsDeleted").asInt(-1), result.toString());

        JsonNode again = call("GET", "/export", null).json();
        Map<String, JsonNode> appsAfter = byAudience(again);
        Map<String, JsonNode> connectionsAfter = byClientAndAudience(again);
        assertEquals(appsBefore.keySet(), appsAfter.keySet());
        assertEquals(connectionsBefore.keySet(), connectionsAfter.keySet());
        appsBefore.forEach((audience, before) -> {
            JsonNode after = appsAfter.get(audience);
            for (String field : List.of("name", "scopes", "resources", "idJagLifetimeSeconds", "includeEmail", "enabled")) {
                assertEquals(before.get(field), after.get(field), audience + " " + field);
            }
        });
        connectionsBefore.forEach((key, before) -> {
            JsonNode after = connectionsAfter.get(key);
            for (String field : List.of("clientIdAtResourceApp", "scopes", "resources", "requiredGroups", "enabled", "expiresAt", "description")) {
                assertEquals(before.get(field), after.get(field), key + " " + field);
            }
            assertEquals(appsAfter.get(after.path("resourceAppAudience").asText()).path("id").asText(), after.path("resourceAppId").asText(),
                    "the connection points at the re-created app");
        });
        JsonNode a1 = connectionsAfter.get("agent-a " + aud1);
        assertEquals("2030-01-31T18:00:00Z", a1.path("expiresAt").asText());
        assertEquals(List.of("/eng/ai", "/ops"), strings(a1.path("requiredGroups")));
        assertFalse(a1.path("enabled").asBoolean(true));
        assertEquals(120, appsAfter.get(aud1).path("idJagLifetimeSeconds").asInt());
        assertTrue(appsAfter.get(aud1).path("includeEmail").asBoolean());
        assertFalse(appsAfter.get(aud2).path("enabled").asBoolean(true));
    }

    @Test
    void importIsAtomic() {
        String u = unique();
        String existing = "https://atom-" + u + ".example.com";
        String existingId = createApp(Kc.body("name", "Atom " + u, "audience", existing, "scopes", List.of("a"))).path("id").asText();
        long apps = count("/resource-apps/count");
        long connections = count("/connections/count");
        String fresh = "https://atom-new-" + u + ".example.com";

        Map<String, Object> badClient = Kc.body(
                "resourceApps", List.of(Kc.body("name", "Atom new " + u, "audience", fresh, "scopes", List.of("a")),
                        Kc.body("name", "Atom renamed " + u, "audience", existing, "scopes", List.of("a"))),
                "connections", List.of(
                        Kc.body("clientId", "agent-a", "resourceAppAudience", fresh, "clientIdAtResourceApp", "ok-" + u),
                        Kc.body("clientId", "ghost-" + u, "resourceAppAudience", fresh, "clientIdAtResourceApp", "ghost-" + u)));
        for (String mode : List.of("merge", "replace")) {
            assertError(call("POST", "/import?mode=" + mode, badClient), 400, "ghost-" + u);
        }
        Map<String, Object> badApp = Kc.body("resourceApps", List.of(
                Kc.body("name", "Atom new " + u, "audience", fresh),
                Kc.body("name", "Atom bad " + u, "audience", "http://atom-" + u + ".example.com")), "connections", List.of());
        assertError(call("POST", "/import?mode=replace", badApp), 400, "https");
        Map<String, Object> badScope = Kc.body(
                "resourceApps", List.of(Kc.body("name", "Atom new " + u, "audience", fresh, "scopes", List.of("a"))),
                "connections", List.of(Kc.body("clientId", "agent-a", "resourceAppAudience", fresh, "clientIdAtResourceApp", "x", "scopes", List.of("b"))));
        assertError(call("POST", "/import?mode=replace", badScope), 400, "not offered");
        Map<String, Object> unknownAudience = Kc.body(
                "resourceApps", List.of(Kc.body("name", "Atom new " + u, "audience", fresh)),
                "connections", List.of(Kc.body("clientId", "agent-a", "resourceAppAudience", "https://elsewhere-" + u + ".example.com",
                        "clientIdAtResourceApp", "x")));
        assertError(call("POST", "/import?mode=merge", unknownAudience), 400, "elsewhere-" + u);
        assertError(call("POST", "/import?mode=merge", "{\"resourceApps\": [{\"nam\": \"x\"}]}"), 400, "unknown field");
        assertError(call("POST", "/import?mode=merge", "{\"resourceApps\": "), 400, "malformed JSON");

        assertEquals(apps, count("/resource-apps/count"), "refused imports changed nothing");
        assertEquals(connections, count("/connections/count"), "refused imports changed nothing");
        assertEquals(0, count("/resource-apps/count?search=" + enc(fresh)));
        assertEquals("Atom " + u, call("GET", "/resource-apps/" + existingId, null).json().path("name").asText());
    }

    @Test
    void importModes() {
        String u = unique();
        String keepAud = "https://mode-keep-" + u + ".example.com";
        String docAud = "https://mode-doc-" + u + ".example.com";
        String keepId = createApp(Kc.body("name", "Mode keep " + u, "audience", keepAud, "scopes", List.of("a"))).path("id").asText();
        createConnection(Kc.body("clientId", "agent-a", "resourceAppId", keepId, "clientIdAtResourceApp", "keep-" + u, "scopes", List.of("a")));
        Map<String, Object> document = Kc.body(
                "resourceApps", List.of(Kc.body("name", "Mode doc " + u, "audience", docAud, "scopes", List.of("a", "b"))),
                "connections", List.of(Kc.body("clientId", "agent-b", "resourceAppAudience", docAud, "clientIdAtResourceApp", "doc-" + u,
                        "scopes", List.of("b"), "description", "mode " + u)));

        assertError(call("POST", "/import?mode=bogus", document), 400, "mode");
        assertEquals(0, count("/resource-apps/count?search=" + enc(docAud)), "a bogus mode imports nothing");

        Kc.Response merged = call("POST", "/import?mode=merge", document);
        assertEquals(200, merged.status(), merged.toString());
        assertResult(merged.json(), 1, 0, 0, 1, 0, 0);
        assertEquals(200, call("GET", "/resource-apps/" + keepId, null).status(), "merge keeps apps the document lacks");
        assertEquals(1, count("/connections/count?resourceAppId=" + keepId), "merge keeps connections the document lacks");
        assertEquals(1, count("/resource-apps/count?search=" + enc(docAud)));

        Kc.Response mergedAgain = call("POST", "/import?mode=merge", document);
        assertEquals(200, mergedAgain.status(), mergedAgain.toString());
        assertResult(mergedAgain.json(), 0, 1, 0, 0, 1, 0);
        Kc.Response byDefault = call("POST", "/import", document);
        assertEquals(200, byDefault.status(), byDefault.toString());
        assertResult(byDefault.json(), 0, 1, 0, 0, 1, 0);
        assertEquals(1, count("/resource-apps/count?search=" + enc(docAud)), "importing twice does not duplicate");
        assertEquals(1, count("/connections/count?search=" + enc("mode " + u)));

        Kc.Response replaced = call("POST", "/import?mode=replace", document);
        assertEquals(200, replaced.status(), replaced.toString());
        JsonNode result = replaced.json();
        assertEquals(0, result.path("resourceAppsCreated").asInt(-1), result.toString());
        assertEquals(1, result.path("resourceAppsUpdated").asInt(-1), result.toString());
        assertTrue(result.path("resourceAppsDeleted").asInt(-1) >= 1, result.toString());
        assertEquals(0, result.path("connectionsCreated").asInt(-1), result.toString());
        assertEquals(1, result.path("connectionsUpdated").asInt(-1), result.toString());
        assertTrue(result.path("connectionsDeleted").asInt(-1) >= 1, result.toString());
        assertError(call("GET", "/resource-apps/" + keepId, null), 404, "not found");
        assertEquals(0, count("/connections/count?resourceAppId=" + keepId));
        assertEquals(1, count("/resource-apps/count"), "replace leaves exactly the document's apps");
        assertEquals(1, count("/connections/count"), "replace leaves exactly the document's connections");
        JsonNode kept = call("GET", "/export", null).json();
        assertEquals(Set.of(docAud), byAudience(kept).keySet());
        assertEquals(Set.of("agent-b " + docAud), byClientAndAudience(kept).keySet());
    }

    /** Both lists of a document are optional: an absent list is an empty one. */
    @Test
    void importAcceptsADocumentWithoutOneOfItsLists() {
        String u = unique();
        String aud = "https://partial-" + u + ".example.com";
        Kc.Response appsOnly = call("POST", "/import?mode=merge", Kc.body("resourceApps", List.of(Kc.body("name", "Partial " + u, "audience", aud))));
        assertEquals(200, appsOnly.status(), "a document without connections: " + appsOnly);
        assertResult(appsOnly.json(), 1, 0, 0, 0, 0, 0);
        assertEquals(1, count("/resource-apps/count?search=" + enc(aud)));
        Kc.Response empty = call("POST", "/import?mode=merge", "{}");
        assertEquals(200, empty.status(), "an empty document merges nothing: " + empty);
        assertResult(empty.json(), 0, 0, 0, 0, 0, 0);
        assertError(call("POST", "/import?mode=merge", Kc.body("resourceApps", List.of(Kc.body("name", "Partial bad " + u,
                "audience", "http://partial-" + u + ".example.com")))), 400, "https");
    }

    // ------------------------------------------------------------------ 8. admin events

    @Test
    void adminEventsRecordEachChange() throws InterruptedException {
        String u = unique();
        String aud = "https://ev-" + u + ".example.com";
        Map<String, Object> app = Kc.body("name", "Events " + u, "audience", aud, "scopes", List.of("a", "b"));
        String appId = createApp(app).path("id").asText();
        assertEquals(200, call("PUT", "/resource-apps/" + appId, Kc.with(app, "name", "Events renamed " + u)).status());
        Map<String, Object> connection = Kc.body("clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "ev-" + u, "scopes", List.of("a"));
        String connectionId = createConnection(connection).path("id").asText();
        assertEquals(200, call("PUT", "/connections/" + connectionId, Kc.with(connection, "scopes", List.of("a", "b"))).status());
        assertEquals(204, call("DELETE", "/connections/" + connectionId, null).status());
        assertEquals(204, call("DELETE", "/resource-apps/" + appId, null).status());

        List<JsonNode> appEvents = awaitEvents(appId, 3);
        List<JsonNode> connectionEvents = awaitEvents(connectionId, 3);
        appEvents.forEach(e -> assertEquals("XAA_RESOURCE_APP", e.path("resourceType").asText(), e.toString()));
        connectionEvents.forEach(e -> assertEquals("XAA_CONNECTION", e.path("resourceType").asText(), e.toString()));
        assertEquals(Set.of("CREATE", "UPDATE", "DELETE"), operations(appEvents));
        assertEquals(Set.of("CREATE", "UPDATE", "DELETE"), operations(connectionEvents));
        assertEquals(3, appEvents.size(), appEvents.toString());
        assertEquals(3, connectionEvents.size(), connectionEvents.toString());

        JsonNode appCreate = event(appEvents, "CREATE");
        assertTrue(appCreate.path("representation").asText().contains(aud), "details carry the representation: " + appCreate);
        assertTrue(event(appEvents, "UPDATE").path("representation").asText().contains("Events renamed " + u));
        assertTrue(event(connectionEvents, "CREATE").path("representation").asText().contains("ev-" + u));
        assertFalse(appCreate.path("authDetails").path("userId").asText().isEmpty(), "the admin is named: " + appCreate);
    }

    /** Keycloak's own events say e.g. {@code clients/<id>}; these should name the object once, under the extension's path. */
    @Test
    void adminEventResourcePathsNameTheChangedObject() throws InterruptedException {
        String u = unique();
        Map<String, Object> app = Kc.body("name", "Paths " + u, "audience", "https://paths-" + u + ".example.com", "scopes", List.of("a"));
        String appId = createApp(app).path("id").asText();
        assertEquals(200, call("PUT", "/resource-apps/" + appId, Kc.with(app, "name", "Paths renamed " + u)).status());
        String connectionId = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", appId, "clientIdAtResourceApp", "p-" + u)).path("id").asText();
        assertEquals(204, call("DELETE", "/resource-apps/" + appId, null).status());

        List<JsonNode> appEvents = awaitEvents(appId, 3);
        for (JsonNode e : appEvents) {
            assertEquals("cross-app-access/resource-apps/" + appId, e.path("resourcePath").asText(), e.path("operationType").asText());
        }
        assertEquals("cross-app-access/connections/" + connectionId,
                event(awaitEvents(connectionId, 1), "CREATE").path("resourcePath").asText());
    }

    // ------------------------------------------------------------------ 9. cleanup

    @Test
    void deletingAClientDeletesItsConnections() {
        String u = unique();
        String clientId = "doomed-" + u;
        Kc.Response client = kc.admin("POST", "/" + REALM + "/clients", Kc.body("clientId", clientId, "protocol", "openid-connect",
                "publicClient", false, "secret", "doomed-secret", "standardFlowEnabled", false));
        assertEquals(201, client.status(), client.toString());
        String internalId = client.createdId();

        String app1 = createApp(Kc.body("name", "Doom one " + u, "audience", "https://doom1-" + u + ".example.com")).path("id").asText();
        String app2 = createApp(Kc.body("name", "Doom two " + u, "audience", "https://doom2-" + u + ".example.com")).path("id").asText();
        String gone1 = createConnection(Kc.body("clientId", clientId, "resourceAppId", app1, "clientIdAtResourceApp", "d1-" + u)).path("id").asText();
        String gone2 = createConnection(Kc.body("clientId", clientId, "resourceAppId", app2, "clientIdAtResourceApp", "d2-" + u)).path("id").asText();
        String survivor = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app1, "clientIdAtResourceApp", "s-" + u)).path("id").asText();
        assertEquals(2, count("/connections/count?clientId=" + clientId));
        long total = count("/connections/count");

        Kc.Response deleted = kc.admin("DELETE", "/" + REALM + "/clients/" + internalId, null);
        assertEquals(204, deleted.status(), "deleting a client with connections: " + deleted);
        assertEquals(404, kc.admin("GET", "/" + REALM + "/clients/" + internalId, null).status());

        assertEquals(List.of(), ids(list("/connections?clientId=" + clientId)));
        assertEquals(0, count("/connections/count?clientId=" + clientId));
        assertError(call("GET", "/connections/" + gone1, null), 404, "not found");
        assertError(call("GET", "/connections/" + gone2, null), 404, "not found");
        assertEquals(List.of(survivor), ids(list("/connections?resourceAppId=" + app1)));
        assertEquals(0, count("/connections/count?resourceAppId=" + app2));
        assertEquals(total - 2, count("/connections/count"));
        assertEquals(200, call("GET", "/connections/" + survivor, null).status());
        for (JsonNode c : call("GET", "/export", null).json().path("connections")) {
            assertFalse(c.path("clientId").isMissingNode() || c.path("clientId").isNull(), "no orphaned connection is exported: " + c);
        }
    }

    @Test
    void deletingARealmDeletesItsRegistry() {
        String realm = "admin-it-gone-" + unique();
        Kc.Response created = kc.admin("POST", "", Kc.body("realm", realm, "enabled", true, "clients", List.of(
                Kc.body("clientId", "agent", "protocol", "openid-connect", "publicClient", false, "secret", "agent-secret"))));
        assertEquals(201, created.status(), created.toString());
        Kc.Response app = kc.admin("POST", "/" + realm + "/cross-app-access/resource-apps",
                Kc.body("name", "Gone", "audience", "https://gone.example.com", "scopes", List.of("a")));
        assertEquals(201, app.status(), app.toString());
        Kc.Response connection = kc.admin("POST", "/" + realm + "/cross-app-access/connections", Kc.body("clientId", "agent",
                "resourceAppId", app.json().path("id").asText(), "clientIdAtResourceApp", "agent-at-gone", "scopes", List.of("a")));
        assertEquals(201, connection.status(), connection.toString());

        Kc.Response deleted = kc.admin("DELETE", "/" + realm, null);
        assertEquals(204, deleted.status(), "deleting a realm with connections: " + deleted);
        assertEquals(404, kc.admin("GET", "/" + realm, null).status());
    }

    @Test
    void deletingAResourceAppDeletesItsConnections() {
        String u = unique();
        String app1 = createApp(Kc.body("name", "Cascade one " + u, "audience", "https://casc1-" + u + ".example.com")).path("id").asText();
        String app2 = createApp(Kc.body("name", "Cascade two " + u, "audience", "https://casc2-" + u + ".example.com")).path("id").asText();
        String c1 = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app1, "clientIdAtResourceApp", "c1-" + u)).path("id").asText();
        String c2 = createConnection(Kc.body("clientId", "agent-b", "resourceAppId", app1, "clientIdAtResourceApp", "c2-" + u)).path("id").asText();
        String c3 = createConnection(Kc.body("clientId", "agent-a", "resourceAppId", app2, "clientIdAtResourceApp", "c3-" + u)).path("id").asText();

        assertEquals(204, call("DELETE", "/resource-apps/" + app1, null).status());
        assertError(call("GET", "/connections/" + c1, null), 404, "not found");
        assertError(call("GET", "/connections/" + c2, null), 404, "not found");
        assertEquals(0, count("/connections/count?resourceAppId=" + app1));
        assertEquals(200, call("GET", "/connections/" + c3, null).status());
        assertEquals(List.of(c3), ids(list("/connections?search=" + enc(u))));
    }

    // ------------------------------------------------------------------ helpers

    static Kc.Response call(String method, String path, Object body) {
        return kc.admin(method, API + path, body);
    }
    static String userToken(String username) {
        return kc.userToken(REALM, "admin-cli", null, username, PASSWORD);
    }

    static JsonNode createApp(Map<String, Object> app) {
        Kc.Response created = call("POST", "/resource-apps", app);
        assertEquals(201, created.status(), "creating resource app " + app + ": " + created);
        return created.json();
    }

    static JsonNode createConnection(Map<String, Object> connection) {
        Kc.Response created = call("POST", "/connections", connection);
        assertEquals(201, created.status(), "creating connection " + connection + ": " + created);
        return created.json();
    }

    static void assertError(Kc.Response response, int status, String word) {
        assertEquals(status, response.status(), response.toString());
        JsonNode body = response.json();
        String message = body.path("errorMessage").asText("");
        assertTrue(message.contains(word), "errorMessage should contain '" + word + "': " + response);
    }

    static void assertResult(JsonNode result, int appsCreated, int appsUpdated, int appsDeleted,
                             int connectionsCreated, int connectionsUpdated, int connectionsDeleted) {
        assertEquals(List.of(appsCreated, appsUpdated, appsDeleted, connectionsCreated, connectionsUpdated, connectionsDeleted),
                List.of(result.path("resourceAppsCreated").asInt(-1), result.path("resourceAppsUpdated").asInt(-1),
                        result.path("resourceAppsDeleted").asInt(-1), result.path("connectionsCreated").asInt(-1),
                        result.path("connectionsUpdated").asInt(-1), result.path("connectionsDeleted").asInt(-1)),
                "import result " + result);
    }

    static List<JsonNode> list(String path) {
        Kc.Response response = call("GET", path, null);
        assertEquals(200, response.status(), "GET " + path + ": " + response);
        assertTrue(response.json().isArray(), response.toString());
        return StreamSupport.stream(response.json().spliterator(), false).toList();
    }

    static long count(String path) {
        Kc.Response response = call("GET", path, null);
        assertEquals(200, response.status(), "GET " + path + ": " + response);
        assertTrue(response.json().isIntegralNumber(), "a count is a number: " + response);
        return response.json().asLong();
    }

    static List<String> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.path("id").asText()).toList();
    }

    static Set<String> mine(List<JsonNode> items, Set<String> mine) {
        return items.stream().map(item -> item.path("id").asText()).filter(mine::contains).collect(Collectors.toSet());
    }

    static List<String> strings(JsonNode array) {
        assertTrue(array.isArray(), "expected an array: " + array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static Map<String, JsonNode> byAudience(JsonNode document) {
        Map<String, JsonNode> apps = new HashMap<>();
        document.path("resourceApps").forEach(app -> assertTrue(apps.put(app.path("audience").asText(), app) == null, "audience twice: " + app));
        return apps;
    }

    static Map<String, JsonNode> byClientAndAudience(JsonNode document) {
        Map<String, JsonNode> connections = new HashMap<>();
        document.path("connections").forEach(c -> assertTrue(
                connections.put(c.path("clientId").asText() + " " + c.path("resourceAppAudience").asText(), c) == null, "twice: " + c));
        return connections;
    }

    /** This realm's admin events whose resource path names {@code id}, waiting briefly in case they are stored late. */
    static List<JsonNode> awaitEvents(String id, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Kc.Response events = kc.admin("GET", "/" + REALM + "/admin-events?first=0&max=5000", null);
            assertEquals(200, events.status(), events.toString());
            List<JsonNode> matching = StreamSupport.stream(events.json().spliterator(), false)
                    .filter(e -> e.path("resourcePath").asText().contains(id)).toList();
            if (matching.size() >= atLeast || System.nanoTime() > deadline) {
                assertTrue(matching.size() >= atLeast, "admin events for " + id + ": " + matching);
                return matching;
            }
            Thread.sleep(500);
        }
    }

    static Set<String> operations(List<JsonNode> events) {
        return events.stream().map(e -> e.path("operationType").asText()).collect(Collectors.toSet());
    }

    static JsonNode event(List<JsonNode> events, String operation) {
        JsonNode found = events.stream().filter(e -> operation.equals(e.path("operationType").asText())).findFirst().orElse(null);
        assertNotNull(found, "an " + operation + " event in " + events);
        return found;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
