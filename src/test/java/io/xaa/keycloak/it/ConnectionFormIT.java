package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.xaa.keycloak.it.AdminConsole.byTestId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edit forms of resource apps and connections in a browser, in the non-master realm {@code forms-it} managed
 * from master's console (the xaa-admin theme set on master only): each field rule shown on its field before
 * anything is sent, the server's conflicts on the field they concern, the subject-token switches saved and shown
 * again after a reload, the eligible-client picker, the detail pages' header (breadcrumbs, Action menu) and the
 * contract of the connection page's query parameters.
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionFormIT {

    static final String REALM = "forms-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String SECTION = "/" + REALM + "/cross-app-access";
    static final String AGENT_UUID = "68000000-0000-4000-a000-000000000011";
    static final String REFRESH_SWITCH = "xaa-allow-refresh-token-subject";
    static final String OFFLINE_SWITCH = "xaa-allow-offline-token-subject";

    Kc kc;

    @BeforeAll
    void realmAndTheme(Kc kc) {
        this.kc = kc;
        kc.createRealm("forms-it-realm.json");
    }

    @Test
    void resourceAppFormShowsEachRuleOnItsFieldAndTheServersConflict() {
        String u = unique();
        String name = "Tools " + u;
        String audience = "https://tools-" + u + ".forms-it.example";
        String takenAudience = "https://taken-" + u + ".forms-it.example";
        kc.createResourceApp(REALM, Kc.body("name", "Holder " + u, "audience", takenAudience));

        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(SECTION + "/resource-apps/new");
            console.testId("xaa-breadcrumbs");
            assertEquals(List.of(), console.keyLikeTexts());

            console.click(byTestId("xaa-save"));
            awaitError(console, "xaa-name", "Required.");
            awaitError(console, "xaa-audience", "Required.");

            retype(console, "xaa-name", name);
            awaitNoError(console, "xaa-name");
            retype(console, "xaa-audience", "not a uri");
            awaitError(console, "xaa-audience", "not a uri is not a URI.");
            retype(console, "xaa-audience", "/tools");
            awaitError(console, "xaa-audience", "must be an absolute URI with a host");
            retype(console, "xaa-audience", "https://tools.example.com/#top");
            awaitError(console, "xaa-audience", "must not have a fragment");
            retype(console, "xaa-audience", "http://tools.example.com");
            awaitError(console, "xaa-audience", "must use https (http only for localhost");
            retype(console, "xaa-audience", "http://localhost:9000/as");
            awaitNoError(console, "xaa-audience");

            console.addValues("xaa-resources", "http://mcp.forms-it.example/files");
            awaitError(console, "xaa-resources", "http://mcp.forms-it.example/files must use https");
            removeChip(console, "xaa-resources");
            console.addValues("xaa-resources", "https://mcp.forms-it.example/files#part");
            awaitError(console, "xaa-resources", "must not have a fragment");
            removeChip(console, "xaa-resources");
            console.addValues("xaa-resources", "https://mcp.forms-it.example/files");
            awaitNoError(console, "xaa-resources");

            console.addValues("xaa-scopes", "files\"read");
            awaitError(console, "xaa-scopes", "files\"read is not a valid scope");
            removeChip(console, "xaa-scopes");
            console.addValues("xaa-scopes", "files:read", "files:write");
            awaitNoError(console, "xaa-scopes");

            retype(console, "xaa-lifetime", "0");
            awaitError(console, "xaa-lifetime", "from 1 to 300");
            retype(console, "xaa-lifetime", "301");
            awaitError(console, "xaa-lifetime", "from 1 to 300");
            retype(console, "xaa-lifetime", "120");
            awaitNoError(console, "xaa-lifetime");

            console.awaitText(byTestId("xaa-step-up-acr-map"), "silver → 1, gold → 2");
            console.addValues("xaa-step-up-acr", "platinum");
            awaitError(console, "xaa-step-up-acr", "platinum is neither in the realm's ACR to level map nor a level number");
            retype(console, "xaa-step-up-max-age", "0");
            awaitError(console, "xaa-step-up-max-age", "from 1 to 31536000");
            retype(console, "xaa-step-up-max-age", "31536001");
            awaitError(console, "xaa-step-up-max-age", "from 1 to 31536000");
            console.screenshot("forms-resource-app-errors");

            console.click(byTestId("xaa-save"));
            assertEquals(1, kc.admin("GET", API + "/resource-apps/count?search=" + enc(u), null).json().asInt(),
                    "nothing is sent while a field is invalid (only the holder app exists)");

            removeChip(console, "xaa-step-up-acr");
            console.addValues("xaa-step-up-acr", "gold");
            retype(console, "xaa-step-up-max-age", "600");
            awaitNoError(console, "xaa-step-up-acr");
            awaitNoError(console, "xaa-step-up-max-age");

            // Per-scope step-up: the scope is chosen among the app's own; an empty one is refused on its field.
            List<String> offered = console.all(By.cssSelector("#xaa-scope-step-up-scope option")).stream()
                    .map(WebElement::getText).filter(text -> !text.startsWith("Select")).toList();
            assertEquals(List.of("files:read", "files:write"), offered);
            console.select("xaa-scope-step-up-scope", "files:write");
            console.click(byTestId("xaa-add-scope-step-up"));
            console.click(byTestId("xaa-save"));
            awaitError(console, "xaa-step-up-files:write-acr", "Give ACR values, a maximum authentication age or both");
            console.addValues("xaa-step-up-files:write-acr", "2");

            // The server's conflict, on the field it concerns, in the form's words.
            retype(console, "xaa-audience", takenAudience);
            console.click(byTestId("xaa-save"));
            awaitError(console, "xaa-audience", "The resource app Holder " + u + " has this audience already.");
            console.scrollTo(byTestId("xaa-error-xaa-audience"));
            console.screenshot("forms-resource-app-audience-taken");
            retype(console, "xaa-audience", audience);
            awaitNoError(console, "xaa-audience");
            assertEquals("Not accepted", switchText(console, REFRESH_SWITCH));
            assertEquals("Not accepted", switchText(console, OFFLINE_SWITCH));
            console.click(switchOf(REFRESH_SWITCH));
            console.until(ExpectedConditions.elementSelectionStateToBe(By.id(REFRESH_SWITCH), true));
            console.click(byTestId("xaa-save"));
            console.awaitAlert("The resource app was saved");

            JsonNode app = kc.admin("GET", API + "/resource-apps?search=" + enc(name), null).json().get(0);
            assertEquals(audience, app.path("audience").asText());
            assertEquals(120, app.path("idJagLifetimeSeconds").asInt());
            assertEquals("gold", app.path("stepUp").path("acrValues").get(0).asText());
            assertEquals(600, app.path("stepUp").path("maxAgeSeconds").asInt());
            assertEquals("2", app.path("scopeStepUp").path("files:write").path("acrValues").get(0).asText());
            assertTrue(app.path("allowRefreshTokenSubject").asBoolean(false), app.toString());
            assertFalse(app.path("allowOfflineTokenSubject").asBoolean(true), app.toString());

            // The detail page: breadcrumbs, the Action menu (disable, enable, delete) and no enabled switch.
            String id = app.path("id").asText();
            console.deepLink(SECTION + "/resource-apps/" + id);
            console.awaitText(byTestId("xaa-breadcrumbs"), "Resource apps");
            console.awaitText(byTestId("xaa-breadcrumbs"), name);
            assertEquals(List.of(), console.keyLikeTexts());
            assertTrue(console.all(By.id("xaa-enabled")).isEmpty(), "one state control: the Action menu");
            console.awaitText(By.xpath("//input[@id='xaa-include-email']/ancestor::label[1]"), "Not included");
            awaitSwitchesAsSaved(console);
            console.screenshot("forms-resource-app-detail");
            console.reload();
            awaitSwitchesAsSaved(console);
            assertEquals(List.of(), console.keyLikeTexts());
            console.scrollTo(switchOf(REFRESH_SWITCH));
            console.screenshot("forms-resource-app-subject-tokens");

            // The list says which subject tokens the app accepts; the app's name leads back to its page.
            console.open(SECTION + "/resource-apps");
            console.search("xaa-resource-apps", name);
            console.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-testid^='xaa-resource-app-']"), 1));
            WebElement row = console.find(byTestId("xaa-resource-app-" + name));
            assertEquals("ID token, Refresh token", row.findElement(byTestId("xaa-subject-tokens")).getText());
            assertEquals(List.of(), console.keyLikeTexts());
            row.findElement(By.linkText(name)).click();
            awaitSwitchesAsSaved(console);
            headerAction(console, "disable");
            console.awaitAlert("The resource app was disabled");
            assertFalse(kc.admin("GET", API + "/resource-apps/" + id, null).json().path("enabled").asBoolean(true));
            headerAction(console, "enable");
            console.awaitAlert("The resource app was enabled");
            assertTrue(kc.admin("GET", API + "/resource-apps/" + id, null).json().path("enabled").asBoolean(false));
            headerAction(console, "delete");
            console.awaitAlert("The resource app was deleted");
            console.testId("xaa-resource-apps-table");
            assertEquals(404, kc.admin("GET", API + "/resource-apps/" + id, null).status());
        }
    }

    @Test
    void connectionFormOffersEligibleClientsMarksConnectedAppsAndShowsConflictsOnTheirFields() {
        String u = unique();
        String tools = kc.createResourceApp(REALM, Kc.body("name", "Tools " + u, "audience", "https://tools-" + u + ".forms-it.example",
                "scopes", List.of("read", "write")));
        String notes = kc.createResourceApp(REALM, Kc.body("name", "Notes " + u, "audience", "https://notes-" + u + ".forms-it.example",
                "scopes", List.of("notes:read")));
        String calendar = kc.createResourceApp(REALM, Kc.body("name", "Calendar " + u, "audience", "https://calendar-" + u + ".forms-it.example"));
        String holder = kc.createConnection(REALM, Kc.body("clientId", "forms-other-agent", "resourceAppId", tools,
                "clientIdAtResourceApp", "shared-" + u));
        kc.createConnection(REALM, Kc.body("clientId", "forms-agent", "resourceAppId", calendar, "clientIdAtResourceApp", "cal-" + u));
        Kc.Response initial = kc.admin("POST", "/" + REALM + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
        String dcrClientId = kc.registerClient(REALM, initial.json().get("token").asText(), Map.of("client_name", "forms-dcr",
                "redirect_uris", List.of("http://localhost/cb"), "token_endpoint_auth_method", "client_secret_basic")).json().get("client_id").asText();

        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.deepLink(SECTION + "/connections/new");
            console.testId("xaa-breadcrumbs");
            assertEquals(List.of(), console.keyLikeTexts());

            console.click(byTestId("xaa-save"));
            awaitError(console, "xaa-client-input", "Required.");
            awaitError(console, "xaa-resource-app", "Required.");
            awaitError(console, "xaa-client-id-at-app", "Required.");

            // Only eligible clients are offered.
            console.find(By.id("xaa-client-input")).sendKeys("forms-");
            console.testId("xaa-client-option-forms-agent");
            console.testId("xaa-client-option-forms-other-agent");
            for (String ineligible : List.of("forms-public-app", "forms-bearer-api", "forms-saml-app")) {
                assertTrue(console.all(byTestId("xaa-client-option-" + ineligible)).isEmpty(), ineligible + " is offered");
            }
            console.screenshot("forms-eligible-clients");
            retype(console, "xaa-client-input", dcrClientId);
            console.until(ExpectedConditions.invisibilityOfElementLocated(byTestId("xaa-client-option-forms-agent")));
            assertTrue(console.all(byTestId("xaa-client-option-" + dcrClientId)).isEmpty(), "a dynamically registered client is offered");
            retype(console, "xaa-client-input", "");
            console.pick("xaa-client", "forms-agent");
            awaitNoError(console, "xaa-client-input");

            // The apps the client is connected to already are marked and cannot be chosen.
            By calendarOption = By.cssSelector("#xaa-resource-app option[value='" + calendar + "']");
            console.awaitText(calendarOption, "— already connected");
            assertFalse(console.find(By.id("xaa-resource-app")).findElement(calendarOption).isEnabled());

            // Scopes must be ones the chosen app offers.
            console.select("xaa-resource-app", "Tools " + u + " (https://tools-" + u + ".forms-it.example)");
            console.click(By.id("xaa-scope-read"));
            console.select("xaa-resource-app", "Notes " + u + " (https://notes-" + u + ".forms-it.example)");
            awaitError(console, "xaa-connection-scopes", "read is not offered by the resource app Notes " + u + ".");
            console.click(By.id("xaa-scope-read"));
            awaitNoError(console, "xaa-connection-scopes");
            console.select("xaa-resource-app", "Tools " + u + " (https://tools-" + u + ".forms-it.example)");

            // The identity another client has at the app: refused by the server, shown on the field, linked.
            console.type("xaa-client-id-at-app", "shared-" + u);
            console.click(byTestId("xaa-save"));
            awaitError(console, "xaa-client-id-at-app", "shared-" + u + " is already the client id at this resource app of forms-other-agent.");
            WebElement link = console.testId("xaa-conflicting-connection");
            assertEquals("Open the connection of forms-other-agent", link.getText());
            assertTrue(link.getAttribute("href").endsWith(SECTION + "/connections/" + holder), link.getAttribute("href"));
            console.scrollTo(byTestId("xaa-error-xaa-client-id-at-app"));
            console.screenshot("forms-connection-identity-taken");
            assertEquals(0, kc.admin("GET", API + "/connections/count?clientId=forms-agent&resourceAppId=" + tools, null).json().asInt());

            retype(console, "xaa-client-id-at-app", "agent-" + u);
            awaitNoError(console, "xaa-client-id-at-app");
            console.click(byTestId("xaa-save"));
            console.awaitAlert("The connection was saved");
            JsonNode created = kc.admin("GET", API + "/connections?clientId=forms-agent&resourceAppId=" + tools, null).json().get(0);
            String id = created.path("id").asText();

            // An existing connection: client and app are read-only links; the state is the header's Action menu.
            console.open(SECTION + "/connections/" + id);
            console.awaitText(byTestId("xaa-client-link"), "forms-agent");
            console.awaitText(byTestId("xaa-resource-app-link"), "Tools " + u);
            assertTrue(console.testId("xaa-client-link").getAttribute("href").endsWith("/" + REALM + "/clients/" + AGENT_UUID + "/settings"));
            assertTrue(console.all(By.id("xaa-client-input")).isEmpty(), "no client picker on an existing connection");
            assertTrue(console.all(By.cssSelector("select#xaa-resource-app")).isEmpty(), "no resource app picker on an existing connection");
            assertTrue(console.all(By.id("xaa-connection-enabled")).isEmpty(), "one state control: the Action menu");
            console.awaitText(byTestId("xaa-breadcrumbs"), "Connections");
            console.awaitText(byTestId("xaa-breadcrumbs"), "forms-agent → Tools " + u);
            assertEquals(List.of(), console.keyLikeTexts());
            console.screenshot("forms-connection-detail");

            headerAction(console, "disable");
            console.awaitAlert("The connection was disabled");
            assertFalse(kc.admin("GET", API + "/connections/" + id, null).json().path("enabled").asBoolean(true));
            headerAction(console, "enable");
            console.awaitAlert("The connection was enabled");
            assertTrue(kc.admin("GET", API + "/connections/" + id, null).json().path("enabled").asBoolean(false));
            headerAction(console, "delete");
            console.awaitAlert("The connection was deleted");
            assertEquals(404, kc.admin("GET", API + "/connections/" + id, null).status());
        }
    }

    @Test
    void connectionPagePrefillsFromItsQueryAndReturnsWhereItWasOpened() {
        String u = unique();
        String app = kc.createResourceApp(REALM, Kc.body("name", "Prefill " + u, "audience", "https://prefill-" + u + ".forms-it.example"));
        String expiring = kc.createConnection(REALM, Kc.body("clientId", "forms-other-agent", "resourceAppId", app,
                "clientIdAtResourceApp", "expiring-" + u, "expiresAt", "2030-01-31T18:00:00Z"));
        String clientPage = "/" + REALM + "/clients/" + AGENT_UUID + "/settings";
        String query = "?clientId=forms-agent&resourceAppId=" + app + "&returnTo=" + enc(clientPage);

        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            // Expiry: the zone it is entered in and the stored UTC time are spelled out.
            console.open(SECTION + "/connections/" + expiring);
            console.awaitText(byTestId("xaa-expires-at-utc"), "Stored as 2030-01-31 18:00 UTC.");
            console.awaitText(By.cssSelector("[data-testid='xaa-connection-form']"), "Entered in your time zone, ");
            console.awaitText(By.cssSelector("[data-testid='xaa-connection-form']"), "(UTC");

            console.open(SECTION + "/connections/new" + query);
            console.until(d -> "forms-agent".equals(d.findElement(By.id("xaa-client-input")).getAttribute("value")));
            console.until(d -> app.equals(d.findElement(By.id("xaa-resource-app")).getAttribute("value")));
            assertEquals(List.of(), console.keyLikeTexts());
            console.click(byTestId("xaa-cancel"));
            console.awaitText(byTestId("view-header"), "forms-agent");

            console.open(SECTION + "/connections/new" + query);
            console.until(d -> app.equals(d.findElement(By.id("xaa-resource-app")).getAttribute("value")));
            console.type("xaa-client-id-at-app", "prefill-" + u);
            console.click(byTestId("xaa-save"));
            console.awaitText(byTestId("view-header"), "forms-agent");
            assertEquals(1, kc.admin("GET", API + "/connections/count?clientId=forms-agent&resourceAppId=" + app, null).json().asInt());

            // A returnTo outside this realm's console routes is ignored: cancel goes back to the list.
            console.open(SECTION + "/connections/new?returnTo=" + enc("https://elsewhere.example/"));
            console.click(byTestId("xaa-cancel"));
            console.testId("xaa-connections-table");
        }
    }

    /** The subject-token switches as saved (refresh tokens accepted, offline tokens not), once the app has loaded into the form. */
    private static void awaitSwitchesAsSaved(AdminConsole console) {
        console.until(ExpectedConditions.elementSelectionStateToBe(By.id(REFRESH_SWITCH), true));
        assertEquals("Accepted", switchText(console, REFRESH_SWITCH));
        assertFalse(console.all(By.id(OFFLINE_SWITCH)).get(0).isSelected());
        assertEquals("Not accepted", switchText(console, OFFLINE_SWITCH));
    }

    /** A PatternFly switch is clicked and read through its label: its checkbox is hidden. */
    static By switchOf(String id) {
        return By.xpath("//input[@id='" + id + "']/ancestor::label[1]");
    }

    static String switchText(AdminConsole console, String id) {
        return console.find(switchOf(id)).getText();
    }

    /** Replaces an input's text the way an admin does (select all, type), so React sees every change. */
    static void retype(AdminConsole console, String id, String text) {
        WebElement input = console.find(By.id(id));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        if (!text.isEmpty()) {
            input.sendKeys(text);
        }
    }

    /** Removes the only chip of a chip list. */
    static void removeChip(AdminConsole console, String id) {
        console.click(By.xpath("//input[@id='" + id + "']/ancestor::div[contains(@class,'pf-v5-c-text-input-group')][1]"
                + "//*[contains(@class,'pf-v5-c-chip')]//button"));
    }

    static void awaitError(AdminConsole console, String fieldId, String text) {
        console.awaitText(byTestId("xaa-error-" + fieldId), text);
    }

    static void awaitNoError(AdminConsole console, String fieldId) {
        console.until(ExpectedConditions.invisibilityOfElementLocated(byTestId("xaa-error-" + fieldId)));
    }

    /** Runs an item of the detail page's header Action menu and confirms it. */
    static void headerAction(AdminConsole console, String action) {
        console.click(byTestId("action-dropdown"));
        console.click(byTestId("xaa-action-" + action));
        console.confirm();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
