package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

import static io.xaa.keycloak.it.AdminConsole.byTestId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's Cross App Access tab inside the stock client details page, and the lists' step-up columns, empty
 * states and disabled create, in a realm other than master, managed from master's console (the theme set on
 * master only).
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTabIT {

    static final String REALM = "clienttab-it";
    static final String EMPTY_REALM = "clienttab-empty-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String FILES = "https://files.clienttab-it.example";
    static final By CLIENT_TABS = byTestId("client-tabs");
    static final By OUR_TAB = byTestId("xaa-client-tab");
    static final By PANEL = byTestId("xaa-client-connections");
    static final String CLIENT_MANAGER = "clienttab-client-manager";

    Kc kc;
    String clientUuid;

    @BeforeAll
    void realmsAndTheme(Kc kc) {
        this.kc = kc;
        kc.createRealm("clienttab-it-realm.json");
        kc.createRealm("clienttab-empty-it-realm.json");
        kc.createResourceApp(REALM, Map.of("name", "Files", "audience", FILES, "scopes", List.of("files:read", "files:write")));
        kc.createResourceApp(REALM, Map.of("name", "Vault", "audience", "https://vault.clienttab-it.example", "scopes", List.of("read", "write"),
                "stepUp", Map.of("acrValues", List.of("gold"), "maxAgeSeconds", 300),
                "scopeStepUp", Map.of("write", Map.of("acrValues", List.of("platinum")))));
        kc.createResourceApp(REALM, Map.of("name", "Calendar", "audience", "https://calendar.clienttab-it.example", "scopes", List.of("events")));
        clientUuid = kc.admin("GET", "/" + REALM + "/clients?clientId=ai-agent", null).json().get(0).get("id").asText();
    }

    @AfterAll
    void removeTheClientManager() {
        kc.admin("GET", "/master/users?exact=true&username=" + CLIENT_MANAGER, null).json()
                .forEach(user -> kc.admin("DELETE", "/master/users/" + user.get("id").asText(), null));
    }

    @Test
    void aClientManagerMayDisconnectButNotConnect() {
        String calendar = resourceAppId("Calendar");
        kc.createConnection(REALM, Map.of("clientId", "managed-agent", "resourceAppId", calendar, "clientIdAtResourceApp", "managed-at-calendar"));
        clientManagerInMaster();
        String managed = kc.admin("GET", "/" + REALM + "/clients?clientId=managed-agent", null).json().get(0).get("id").asText();
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", CLIENT_MANAGER, CLIENT_MANAGER)) {
            console.open("/" + REALM + "/clients/" + managed + "/cross-app-access");
            By calendarRow = byTestId("xaa-client-app-Calendar");
            console.awaitText(calendarRow, "Connected");
            console.awaitText(byTestId("xaa-client-app-Files"), "Not connected");
            assertTrue(console.all(byTestId("xaa-connect-Files")).isEmpty(), "connecting needs manage-realm");
            console.screenshot("clienttab-11-client-manager");
            console.click(byTestId("xaa-disconnect-Calendar"));
            console.confirm();
            console.awaitText(calendarRow, "Disabled");
            assertFalse(connection("managed-agent", "Calendar").get("enabled").asBoolean(), "a client manager may disconnect");
            assertTrue(console.all(byTestId("xaa-enable-Calendar")).isEmpty(), "re-enabling widens: it needs manage-realm");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());

            console.open("/" + REALM + "/cross-app-access/connections");
            console.awaitText(byTestId("xaa-connections-table"), "managed-agent");
            assertTrue(console.all(byTestId("xaa-create-connection")).isEmpty(), "no create action without manage-realm");
        }
    }

    /** A master admin who may manage the clients of the test realm, not the realm itself. */
    private void clientManagerInMaster() {
        assertEquals(201, kc.admin("POST", "/master/users", Map.of("username", CLIENT_MANAGER, "enabled", true,
                "email", CLIENT_MANAGER + "@clienttab-it.example", "emailVerified", true, "firstName", "Client", "lastName", "Manager",
                "credentials", List.of(Map.of("type", "password", "value", CLIENT_MANAGER, "temporary", false)))).status());
        String user = kc.admin("GET", "/master/users?exact=true&username=" + CLIENT_MANAGER, null).json().get(0).get("id").asText();
        String realmClient = kc.admin("GET", "/master/clients?clientId=" + REALM + "-realm", null).json().get(0).get("id").asText();
        List<JsonNode> roles = java.util.stream.Stream.of("manage-clients", "view-clients", "query-clients", "view-realm")
                .map(role -> kc.admin("GET", "/master/clients/" + realmClient + "/roles/" + role, null).json()).toList();
        assertEquals(204, kc.admin("POST", "/master/users/" + user + "/role-mappings/clients/" + realmClient, roles).status());
    }

    @Test
    void connectAndDisconnectFromTheClientsTabInsideTheStockTabStrip() {
        String tab = "/" + REALM + "/clients/" + clientUuid + "/cross-app-access";
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open("/" + REALM + "/clients/" + clientUuid + "/settings");
            console.find(byTestId("clientSettingsTab"));
            assertFalse(isCurrent(console.find(OUR_TAB)), "our tab is not current on the settings tab");
            console.click(OUR_TAB);

            console.awaitRoute(tab);
            By files = byTestId("xaa-client-app-Files");
            console.awaitText(files, "Not connected");
            assertOurTabCurrentInStockStrip(console);
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-01-not-connected");

            console.click(byTestId("xaa-connect-Files"));
            console.find(By.id("xaa-client-id-at-app"));
            assertTrue(console.route().startsWith("/" + REALM + "/cross-app-access/connections/new?"), console.route());
            assertEquals("ai-agent", console.find(By.id("xaa-client-input")).getAttribute("value"), "client prefilled");
            assertEquals(resourceAppId("Files"), console.find(By.id("xaa-resource-app")).getAttribute("value"), "resource app prefilled");
            console.type("xaa-client-id-at-app", "ai-agent-at-files");
            console.click(By.id("xaa-scope-files:read"));
            console.screenshot("clienttab-02-connect-form");
            console.click(byTestId("xaa-save"));

            console.awaitRoute(tab);
            console.awaitText(files, "Connected");
            assertOurTabCurrentInStockStrip(console);
            JsonNode connection = connection("ai-agent", "Files");
            assertTrue(connection.get("enabled").asBoolean());
            assertEquals("ai-agent-at-files", connection.get("clientIdAtResourceApp").asText());
            assertEquals(200, exchange().status(), "the connection allows alice");
            console.screenshot("clienttab-03-connected");

            console.click(byTestId("xaa-disconnect-Files"));
            console.confirm();
            console.awaitText(files, "Disabled");
            assertFalse(connection("ai-agent", "Files").get("enabled").asBoolean(), "disconnect disables the connection");
            Kc.Response refused = exchange();
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("access_denied", refused.error());
            console.screenshot("clienttab-04-disabled");

            console.reload();
            console.awaitText(files, "Disabled");
            assertOurTabCurrentInStockStrip(console);
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());

            // The stock tabs still work from ours, and the history moves between them.
            console.click(byTestId("rolesTab"));
            console.awaitRoute("/" + REALM + "/clients/" + clientUuid + "/roles");
            console.until(d -> console.all(PANEL).isEmpty());
            assertTrue(isCurrent(console.find(byTestId("rolesTab"))), "the roles tab is current");
            assertFalse(isCurrent(console.find(OUR_TAB)), "ours is not");
            console.back();
            console.awaitRoute(tab);
            console.awaitText(files, "Disabled");
            assertOurTabCurrentInStockStrip(console);
            console.forward();
            console.awaitRoute("/" + REALM + "/clients/" + clientUuid + "/roles");
            console.until(d -> console.all(PANEL).isEmpty());
            console.back();
            console.awaitText(files, "Disabled");

            console.click(byTestId("xaa-enable-Files"));
            console.confirm();
            console.awaitText(files, "Connected");
            assertTrue(connection("ai-agent", "Files").get("enabled").asBoolean(), "enable re-enables it");

            console.rowAction(files, "Delete");
            console.confirm();
            console.awaitText(files, "Not connected");
            assertTrue(kc.admin("GET", API + "/connections?clientId=ai-agent&resourceAppId=" + resourceAppId("Files"), null).json().isEmpty());

            console.deepLink(tab);
            console.awaitText(files, "Not connected");
            assertOurTabCurrentInStockStrip(console);
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-05-deep-link");
        }
    }

    @Test
    void resourceAppsListShowsAppWideAndPerScopeStepUpApart() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open("/" + REALM + "/cross-app-access/resource-apps");
            By vault = byTestId("xaa-resource-app-Vault");
            WebElement appWide = console.find(vault).findElement(byTestId("xaa-app-step-up"));
            WebElement perScope = console.find(vault).findElement(byTestId("xaa-scope-step-up"));
            assertEquals("gold (authenticated within 300 s)", appWide.getText());
            assertEquals("write: platinum", perScope.getText());
            String headers = console.find(byTestId("xaa-resource-apps-table")).findElement(By.tagName("thead")).getText();
            assertTrue(headers.contains("Step-up (whole app)") && headers.contains("Step-up per scope"), headers);
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-06-resource-apps-step-up");
        }
    }

    @Test
    void emptyListsOfferTheCreateActionAndCreateConnectionWaitsForAResourceApp() {
        String connections = "/" + EMPTY_REALM + "/cross-app-access/connections";
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(connections);
            console.awaitText(byTestId("xaa-empty"), "Create one first");
            WebElement create = console.find(byTestId("xaa-create-connection"));
            assertEquals("true", create.getAttribute("aria-disabled"), "no resource app: create connection is disabled");
            create.click();
            console.awaitText(By.cssSelector(".pf-v5-c-tooltip"), "Create a resource app first");
            assertEquals(connections, console.route(), "a disabled create goes nowhere");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-07-create-connection-disabled");
            console.click(byTestId("xaa-empty-create-resource-app"));
            console.awaitRoute("/" + EMPTY_REALM + "/cross-app-access/resource-apps/new");

            console.deepLink("/" + EMPTY_REALM + "/cross-app-access/resource-apps");
            console.awaitText(byTestId("xaa-empty"), "No resource apps");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-08-resource-apps-empty");
            console.click(byTestId("xaa-empty-create-resource-app"));
            console.awaitRoute("/" + EMPTY_REALM + "/cross-app-access/resource-apps/new");

            String lonely = kc.admin("GET", "/" + EMPTY_REALM + "/clients?clientId=lonely-agent", null).json().get(0).get("id").asText();
            console.open("/" + EMPTY_REALM + "/clients/" + lonely + "/cross-app-access");
            console.awaitText(byTestId("xaa-empty"), "no resource app yet");
            assertTrue(console.find(CLIENT_TABS).isDisplayed(), "the stock tab strip stays");
            console.testId("xaa-empty-create-resource-app");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("clienttab-09-client-tab-no-apps");

            kc.createResourceApp(EMPTY_REALM, Map.of("name", "Notes", "audience", "https://notes.clienttab-empty-it.example"));
            console.open(connections);
            console.awaitText(byTestId("xaa-empty"), "No connections");
            assertEquals("false", console.find(byTestId("xaa-create-connection")).getAttribute("aria-disabled"),
                    "with a resource app, create connection is enabled");
            console.screenshot("clienttab-10-connections-empty");
            console.click(byTestId("xaa-empty-create-connection"));
            console.awaitRoute("/" + EMPTY_REALM + "/cross-app-access/connections/new");
        }
    }

    /** Our tab is the current one of the stock strip (no stock tab is), with the stock header above it. */
    private static void assertOurTabCurrentInStockStrip(AdminConsole console) {
        WebElement strip = console.find(CLIENT_TABS);
        WebElement ours = console.find(OUR_TAB);
        assertTrue(isCurrent(ours), "our tab is current");
        assertEquals("true", ours.getAttribute("aria-selected"));
        List<WebElement> current = strip.findElements(By.cssSelector(".pf-v5-c-tabs__item.pf-m-current"));
        assertEquals(1, current.size(), "one current tab");
        assertTrue(strip.findElement(byTestId("clientSettingsTab")).isDisplayed(), "the stock tabs stay");
        console.awaitText(By.cssSelector(".pf-v5-c-page__main h1"), "ai-agent");
        console.find(PANEL);
    }

    private static boolean isCurrent(WebElement tabLink) {
        return tabLink.findElement(By.xpath("..")).getAttribute("class").contains("pf-m-current");
    }

    private String resourceAppId(String name) {
        return kc.admin("GET", API + "/resource-apps?search=" + name, null).json().get(0).get("id").asText();
    }

    private JsonNode connection(String clientId, String appName) {
        JsonNode list = kc.admin("GET", API + "/connections?clientId=" + clientId + "&resourceAppId=" + resourceAppId(appName), null).json();
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    private Kc.Response exchange() {
        String idToken = kc.password(REALM, "ai-agent", "ai-agent-secret", "alice", "alice", "openid").json().get("id_token").asText();
        Map<String, String> form = Kc.idJagRequest(idToken, FILES);
        form.put("scope", "files:read");
        return kc.token(REALM, "ai-agent", "ai-agent-secret", form);
    }
}
