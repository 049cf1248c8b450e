package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;

import static io.xaa.keycloak.it.AdminConsole.byTestId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cross App Access pages of the xaa-admin theme in a real browser: a full admin configures and revokes a
 * connection through them (and the exchange obeys), a view-only admin sees the pages without edit actions.
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleIT {

    static final String REALM = "console-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String AUDIENCE = "https://tools.console-it.example";
    static final String FILES = "https://mcp.console-it.example/files";

    Kc kc;

    @BeforeAll
    void realmAndTheme(Kc kc) {
        this.kc = kc;
        kc.createRealm("console-it-realm.json");
    }

    @Test
    void adminCreatesFindsAndDisablesAConnectionAndTheExchangeIsRefused() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open("/" + REALM + "/cross-app-access/resource-apps");
            console.testId("xaa-nav-xaaResourceApps");
            console.screenshot("01-resource-apps-empty");
            console.click(byTestId("xaa-create-resource-app"));
            console.type("xaa-name", "Tools");
            console.type("xaa-audience", AUDIENCE);
            console.addValues("xaa-resources", FILES);
            console.addValues("xaa-scopes", "files:read", "files:write");
            console.screenshot("02-resource-app-form");
            console.click(byTestId("xaa-save"));
            console.awaitAlert("The resource app was saved");
            JsonNode app = kc.admin("GET", API + "/resource-apps?search=Tools", null).json().get(0);
            assertEquals(AUDIENCE, app.get("audience").asText());
            assertEquals(List.of("files:read", "files:write"), strings(app.get("scopes")));

            console.open("/" + REALM + "/cross-app-access/connections");
            console.click(byTestId("xaa-create-connection"));
            console.pick("xaa-client", "ai-agent");
            console.select("xaa-resource-app", "Tools (" + AUDIENCE + ")");
            console.type("xaa-client-id-at-app", "ai-agent-at-tools");
            console.click(By.id("xaa-scope-files:read"));
            console.pick("xaa-add-group", "engineering", "/engineering");
            console.awaitText(By.id("xaa-groups"), "/engineering");
            console.type("xaa-description", "Created through the admin console");
            console.screenshot("03-connection-form");
            console.click(byTestId("xaa-save"));
            console.awaitAlert("The connection was saved");

            console.open("/" + REALM + "/cross-app-access/connections");
            console.search("xaa-connections", "ai-agent");
            By row = byTestId("xaa-connection-ai-agent");
            console.awaitText(row, "Tools");
            console.screenshot("04-connections");
            assertEquals(200, exchange().status(), "the connection allows alice before it is disabled");

            console.rowAction(row, "Disable");
            console.confirm();
            console.awaitAlert("The connection was disabled");
            console.awaitText(row, "Disabled");
            Kc.Response refused = exchange();
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("access_denied", refused.error());

            console.open("/" + REALM + "/cross-app-access/inventory");
            console.awaitText(byTestId("xaa-inventory-clients-table"), "ai-agent");
            console.screenshot("05-inventory");
            console.open("/" + REALM + "/cross-app-access/audit");
            console.awaitText(byTestId("xaa-audit-table"), "connection is disabled");
            console.screenshot("06-audit");

            console.open("/" + REALM + "/cross-app-access/simulator");
            console.pick("xaa-sim-client", "ai-agent");
            console.pick("xaa-sim-user", "alice");
            console.select("xaa-sim-audience", "Tools (" + AUDIENCE + ")");
            console.addValues("xaa-sim-scopes", "files:read");
            console.click(byTestId("xaa-evaluate"));
            console.awaitText(byTestId("xaa-decision"), "Connection disabled");
            console.scrollTo(byTestId("xaa-decision"));
            console.screenshot("07-simulator");

            String clientUuid = kc.admin("GET", "/" + REALM + "/clients?clientId=ai-agent", null).json().get(0).get("id").asText();
            console.open("/" + REALM + "/clients/" + clientUuid + "/settings");
            console.click(byTestId("xaa-client-tab"));
            console.awaitText(byTestId("xaa-client-connections"), "Tools");
            console.screenshot("08-client-tab");
        }
    }

    /**
     * Every page of ours in a realm that does not use the theme (only master does, as a server's admins set it up),
     * by reload and by deep link. console-it uses the theme itself (its own admins' console needs it), so a realm
     * of its own.
     */
    @Test
    void aManagedRealmShowsTheTextsNotTheirKeysAfterAReloadAndFromADeepLink() {
        String realm = "console-managed-it";
        if (kc.admin("GET", "/" + realm, null).status() == 404) {
            assertEquals(201, kc.admin("POST", "", Map.of("realm", realm, "enabled", true)).status());
        }
        assertEquals("", kc.admin("GET", "/" + realm, null).json().path("adminTheme").asText(""), "the stock theme");
        String clientUuid = kc.admin("GET", "/" + realm + "/clients?clientId=account", null).json().get(0).get("id").asText();
        List<String> routes = List.of("resource-apps", "resource-apps/new", "connections", "connections/new", "inventory",
                "audit", "simulator", "kill-switches").stream().map(page -> "/" + realm + "/cross-app-access/" + page).collect(java.util.stream.Collectors.toList());
        routes.add("/" + realm + "/clients/" + clientUuid + "/cross-app-access");
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            // open() loads the page afresh at the route, as a reload does: each route is checked on a reloaded page.
            for (String route : routes) {
                console.open(route);
                console.testId("xaa-nav-xaaResourceApps");
                assertEquals(List.of(), console.keyLikeTexts(), route);
                assertEquals(NAV_SECTION, lastNavSection(console), route);
            }
            console.reload();
            console.testId("xaa-nav-xaaResourceApps");
            assertEquals(List.of(), console.keyLikeTexts(), "after the browser's reload");
            console.deepLink(routes.get(0));
            console.testId("xaa-nav-xaaResourceApps");
            assertEquals(List.of(), console.keyLikeTexts(), "deep link");
            assertEquals(NAV_SECTION, lastNavSection(console), "deep link");
            console.screenshot("00-managed-realm-deep-link");

            console.open("/master/cross-app-access/resource-apps");
            assertEquals(NAV_SECTION, lastNavSection(console), "master");
        }
    }

    static final String NAV_SECTION = "Cross App Access";

    /** The navigation's section titles end with ours, once, wherever the stock sections rendered late. */
    static String lastNavSection(AdminConsole console) {
        console.awaitText(By.cssSelector(".pf-v5-c-page__sidebar nav"), "Configure");
        List<String> titles = console.all(By.cssSelector(".pf-v5-c-page__sidebar nav .pf-v5-c-nav__section-title")).stream()
                .map(org.openqa.selenium.WebElement::getText).toList();
        assertEquals(1, titles.stream().filter(NAV_SECTION::equals).count(), titles.toString());
        return titles.get(titles.size() - 1);
    }

    @Test
    void viewOnlyAdminSeesThePagesWithoutEditActionsAndTheApiRefusesEdits() {
        String appId = kc.createResourceApp(REALM, Map.of("name", "Viewer fixture", "audience", "https://viewer.console-it.example",
                "scopes", List.of("read")));
        String connectionId = kc.createConnection(REALM, Map.of("clientId", "viewer-fixture-agent", "resourceAppId", appId,
                "clientIdAtResourceApp", "viewer-fixture", "scopes", List.of("read")));

        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), REALM, "viewer", "viewer")) {
            console.open("/" + REALM + "/cross-app-access/resource-apps");
            console.awaitText(byTestId("xaa-resource-apps-table"), "Viewer fixture");
            assertTrue(console.all(byTestId("xaa-create-resource-app")).isEmpty(), "no create action");
            assertTrue(console.all(By.cssSelector("button[aria-label='Kebab toggle']")).isEmpty(), "no row actions");
            console.screenshot("09-read-only-resource-apps");

            console.open("/" + REALM + "/cross-app-access/connections/" + connectionId);
            console.testId("xaa-read-only");
            assertTrue(console.all(byTestId("xaa-save")).isEmpty(), "no save action");
            assertTrue(console.all(By.id("xaa-add-group-input")).isEmpty(), "no group picker");
            console.open("/" + REALM + "/cross-app-access/connections");
            console.awaitText(byTestId("xaa-connections-table"), "viewer-fixture-agent");
            assertTrue(console.all(byTestId("xaa-create-connection")).isEmpty(), "no create action");
            assertTrue(console.all(By.cssSelector("button[aria-label='Kebab toggle']")).isEmpty(), "no row actions");
            console.screenshot("10-read-only-connections");
        }

        String viewer = kc.userToken(REALM, "admin-cli", null, "viewer", "viewer");
        assertEquals(200, kc.adminAs(viewer, "GET", API + "/connections/" + connectionId, null).status());
        JsonNode connection = kc.adminAs(viewer, "GET", API + "/connections/" + connectionId, null).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) connection).put("enabled", false);
        assertEquals(403, kc.adminAs(viewer, "PUT", API + "/connections/" + connectionId, connection).status());
        assertEquals(403, kc.adminAs(viewer, "DELETE", API + "/connections/" + connectionId, null).status());
        assertEquals(403, kc.adminAs(viewer, "POST", API + "/resource-apps",
                Map.of("name", "Denied", "audience", "https://denied.console-it.example")).status());
        assertTrue(kc.admin("GET", API + "/connections/" + connectionId, null).json().get("enabled").asBoolean(), "nothing changed");
    }

    Kc.Response exchange() {
        String idToken = kc.password(REALM, "ai-agent", "ai-agent-secret", "alice", "alice", "openid").json().get("id_token").asText();
        Map<String, String> form = Kc.idJagRequest(idToken, AUDIENCE);
        form.put("scope", "files:read");
        return kc.token(REALM, "ai-agent", "ai-agent-secret", form);
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
