package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static io.xaa.keycloak.it.AdminConsole.byTestId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit page and the policy simulator in a real browser, in a realm other than master, managed from the master
 * console (the theme is set on master only): entered by a reload and by a deep link, every text in words, the audit
 * table whole at 1280 px, the time range checked on its field, the subject token of an exchange in words, the
 * simulator naming things, saying which scopes it dropped and why, and which subject tokens an app refuses.
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditConsoleIT {

    static final String REALM = "auditui-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String AUDIT = "/" + REALM + "/cross-app-access/audit";
    static final String SIMULATOR = "/" + REALM + "/cross-app-access/simulator";
    static final String FILES_AUDIENCE = "https://files.auditui-it.example";
    static final String PAYROLL_AUDIENCE = "https://payroll.auditui-it.example";
    static final String LONG_CLIENT = "quarterly-reporting-agent-with-a-rather-long-client-identifier";
    static final String LONG_USER = "maximiliane.von-langenstein-hohenberg.contractor";
    /** An audience no resource app has: the record can only name it by its (long, unbroken) URL. */
    static final String UNKNOWN_AUDIENCE = "https://an-authorization-server-nobody-registered.auditui-it.example/tenants/0f9c2d7e";
    static final List<String> TYPE_WORDS = List.of("ID-JAG issued", "Exchange refused", "Step-up required", "Revocation",
            "Configuration changed");

    Kc kc;
    String filesConnection;
    /** The ID-JAG issued for a refresh token: its record is found by this jti. */
    String refreshTokenJti;

    @BeforeAll
    void realmThemeAndRecordsOfEveryType(Kc kc) {
        this.kc = kc;
        kc.createRealm("auditui-it-realm.json");

        // Configuration changed: two apps (Files accepts refresh tokens but not offline tokens, Payroll neither)
        // and three connections created.
        String files = kc.createResourceApp(REALM, Map.of("name", "Files", "audience", FILES_AUDIENCE,
                "scopes", List.of("files:read", "files:write"), "allowRefreshTokenSubject", true));
        String payroll = kc.createResourceApp(REALM, Map.of("name", "Payroll", "audience", PAYROLL_AUDIENCE,
                "scopes", List.of("payroll:read"), "stepUp", Map.of("acrValues", List.of("2"))));
        filesConnection = kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", files,
                "clientIdAtResourceApp", "agent-at-files", "scopes", List.of("files:read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", payroll,
                "clientIdAtResourceApp", "agent-at-payroll", "scopes", List.of("payroll:read")));
        String reporting = kc.createConnection(REALM, Map.of("clientId", LONG_CLIENT, "resourceAppId", files,
                "clientIdAtResourceApp", "reporting-at-files", "scopes", List.of("files:read")));

        assertEquals(200, exchange("agent", "agent-secret", "alice", "alice", FILES_AUDIENCE, "files:read").status(), "ID-JAG issued");
        assertEquals(200, exchange(LONG_CLIENT, "reporting-secret", LONG_USER, "maximiliane", FILES_AUDIENCE, "files:read").status());
        String refreshToken = kc.password(REALM, "agent", "agent-secret", "alice", "alice", "openid").json().get("refresh_token").asText();
        Kc.Response byRefreshToken = kc.token(REALM, "agent", "agent-secret", Kc.idJagRequestForRefreshToken(refreshToken, FILES_AUDIENCE));
        assertEquals(200, byRefreshToken.status(), "ID-JAG issued for a refresh token: " + byRefreshToken);
        refreshTokenJti = Kc.claims(byRefreshToken.json().get("access_token").asText()).get("jti").asText();
        assertEquals("invalid_scope", exchange("agent", "agent-secret", "alice", "alice", FILES_AUDIENCE, "files:write").error(),
                "exchange refused");
        assertEquals("invalid_target", exchange(LONG_CLIENT, "reporting-secret", LONG_USER, "maximiliane", UNKNOWN_AUDIENCE, null).error());
        assertEquals("insufficient_user_authentication",
                exchange("agent", "agent-secret", "alice", "alice", PAYROLL_AUDIENCE, null).error(), "step-up required");
        JsonNode disabled = kc.admin("GET", API + "/connections/" + reporting, null).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) disabled).put("enabled", false);
        assertEquals(200, kc.admin("PUT", API + "/connections/" + reporting, disabled).status(), "revocation");
    }

    @Test
    void auditTableShowsEveryTypeInWordsUnclippedAt1280AndRefusesToBeforeFrom() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(AUDIT);
            By table = byTestId("xaa-audit-table");
            TYPE_WORDS.forEach(words -> console.awaitText(table, words));
            String text = console.find(table).getText();
            for (String words : List.of("Resource app created", "Connection created", "Connection updated", "Success", "Failure",
                    "No requested scope allowed: none of the requested scopes is allowed", "Invalid scope",
                    "Unknown audience: audience is not a known resource app", LONG_CLIENT, LONG_USER, UNKNOWN_AUDIENCE, "Subject token",
                    "ID token", "Refresh token")) {
                assertTrue(text.contains(words), words + " in the table:\n" + text);
            }
            for (String constant : List.of("ID_JAG_ISSUED", "EXCHANGE_REFUSED", "STEP_UP_REQUIRED", "CONFIG_CHANGED", "XAA_CONNECTION",
                    "XAA_RESOURCE_APP", "NO_SCOPE_ALLOWED", "SUCCESS", "FAILURE", "invalid_scope", "id_token", "refresh_token")) {
                assertFalse(text.contains(constant), constant + " shown as a constant:\n" + text);
            }
            assertTrue(console.find(By.cssSelector("[data-testid='xaa-audit-table'] thead")).getText().matches("(?s).*Time \\(.+\\).*"),
                    "the time column names its time zone");
            assertEquals(List.of(), console.keyLikeTexts());
            assertEquals(List.of(), unlabelledControls(console));
            assertEquals(List.of(), clipped(console), "nothing clipped at 1280 px");
            assertEquals(Boolean.TRUE, console.script("""
                    const table = document.querySelector("[data-testid='xaa-audit-table']");
                    return table.scrollWidth <= table.parentElement.clientWidth + 1;
                    """), "at 1280 px the columns wrap: nothing needs scrolling sideways");
            console.screenshot("audit-table");

            console.click(By.cssSelector("[data-testid='xaa-audit-row-CONFIG_CHANGED'] td button"));
            console.find(By.cssSelector(".pf-v5-c-table__expandable-row-content pre"));
            assertEquals(List.of(), clipped(console), "an expanded record's JSON wraps too");
            console.screenshot("audit-expanded");

            assertEquals(List.of("Any", "ID-JAG issued", "Exchange refused", "Step-up required", "Revocation", "Configuration changed"),
                    options(console, "xaa-audit-type"));
            assertEquals(List.of("Any", "Success", "Failure"), options(console, "xaa-audit-outcome"));
            console.select("xaa-audit-type", "Step-up required");
            console.click(byTestId("xaa-audit-search"));
            console.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid^='xaa-audit-row-']"), 1));
            assertEquals(1, console.all(byTestId("xaa-audit-row-STEP_UP_REQUIRED")).size(), "only the step-up record is left");
            assertTrue(console.find(table).getText().contains("Step-up required: authentication level 1 is below the level 2"),
                    console.find(table).getText());

            // The exchange for a refresh token, found by its jti: its details name the subject token in words.
            console.select("xaa-audit-type", "Any");
            console.type("xaa-audit-jti", refreshTokenJti);
            console.click(byTestId("xaa-audit-search"));
            console.testId("xaa-audit-row-ID_JAG_ISSUED");
            assertEquals(1, console.all(By.cssSelector("[data-testid^='xaa-audit-row-']")).size(), "only the record of that jti is left");
            console.click(By.cssSelector("[data-testid='xaa-audit-row-ID_JAG_ISSUED'] td button"));
            assertEquals("Refresh token", console.testId("xaa-audit-subject-kind").getText());
            assertEquals(List.of(), console.keyLikeTexts());
            assertEquals(List.of(), clipped(console), "the expanded record with its subject token");
            console.screenshot("audit-refresh-token-subject");
        }
    }

    @Test
    void fromAndToAreLabelledAndToBeforeFromIsRefusedOnTheField() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.deepLink(AUDIT);
            console.awaitText(byTestId("xaa-audit-table"), "ID-JAG issued");
            assertEquals(List.of(), console.keyLikeTexts());
            WebElement from = console.find(By.cssSelector("label[for='xaa-audit-from']"));
            WebElement to = console.find(By.cssSelector("label[for='xaa-audit-to']"));
            assertTrue(from.getText().matches("From \\(.+\\)"), from.getText());
            assertTrue(to.getText().matches("To \\(.+\\)"), to.getText());

            console.setValue("xaa-audit-from", "2026-12-02T10:00");
            console.setValue("xaa-audit-to", "2026-12-01T09:00");
            console.awaitText(byTestId("xaa-audit-to-error"), "To must not be earlier than From.");
            assertEquals("true", console.find(By.id("xaa-audit-to")).getAttribute("aria-invalid"));
            assertFalse(console.find(byTestId("xaa-audit-search")).isEnabled(), "no request with To before From");
            console.screenshot("audit-to-before-from");

            console.setValue("xaa-audit-to", "2026-12-02T10:00");
            console.until(ExpectedConditions.invisibilityOfElementLocated(byTestId("xaa-audit-to-error")));
            assertTrue(console.find(byTestId("xaa-audit-search")).isEnabled());
            console.reload();
            console.awaitText(byTestId("xaa-audit-table"), "Revocation");
            assertEquals(List.of(), console.keyLikeTexts());
        }
    }

    @Test
    void simulatorNamesTheAppAndConnectionAndSaysWhichScopesItDroppedAndWhy() {
        JsonNode evaluation = kc.admin("POST", API + "/evaluate", Map.of("clientId", "agent", "username", "alice",
                "audience", FILES_AUDIENCE, "scopes", List.of("files:read", "files:write", "files:delete"))).json();
        assertEquals("Files", evaluation.get("resourceAppName").asText());
        assertEquals("agent", evaluation.get("clientId").asText());
        assertEquals(List.of("files:delete NOT_OFFERED_BY_RESOURCE_APP", "files:write NOT_ALLOWED_BY_CONNECTION"),
                java.util.stream.StreamSupport.stream(evaluation.get("droppedScopes").spliterator(), false)
                        .map(dropped -> dropped.get("scope").asText() + " " + dropped.get("reason").asText()).toList());

        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.deepLink(SIMULATOR);
            console.find(byTestId("xaa-simulator-form"));
            assertEquals(List.of(), console.keyLikeTexts());
            assertEquals(List.of(), unlabelledControls(console));

            simulate(console, "Files (" + FILES_AUDIENCE + ")", "files:read", "files:write", "files:delete");
            By decision = byTestId("xaa-decision");
            console.awaitText(decision, "An ID-JAG would be issued");
            String text = console.find(decision).getText();
            assertTrue(text.contains("Files"), text);
            assertTrue(text.contains("files:write: the connection does not allow it"), text);
            assertTrue(text.contains("files:delete: the resource app does not offer it"), text);
            assertFalse(text.contains(filesConnection), "no connection id:\n" + text);
            WebElement connection = console.find(byTestId("xaa-decision-connection"));
            assertEquals("agent → Files", connection.getText());
            assertTrue(connection.getAttribute("href").endsWith("/cross-app-access/connections/" + filesConnection), connection.getAttribute("href"));
            assertEquals(List.of(), console.keyLikeTexts());
            console.scrollTo(decision);
            console.screenshot("simulator-dropped-scopes");

            console.open(SIMULATOR);
            simulate(console, "Payroll (" + PAYROLL_AUDIENCE + ")");
            console.awaitText(decision, "The user would have to step up");
            text = console.find(decision).getText();
            assertTrue(text.contains("no acr, and this request needs authentication level 2"), text);
            assertFalse(text.contains("unknown"), text);
            assertTrue(text.contains("Step-up required"), text);
            assertTrue(text.contains("Insufficient user authentication (the client receives insufficient_user_authentication)"), text);
            assertFalse(text.contains("STEP_UP"), text);
            assertEquals(List.of(), console.keyLikeTexts());
            console.scrollTo(decision);
            console.screenshot("simulator-no-acr");

            // Payroll takes no refresh token, Files no offline token: each refusal is named in words.
            assertEquals(List.of("ID token", "Refresh token", "Offline token"), options(console, "xaa-sim-subject-kind"));
            console.select("xaa-sim-subject-kind", "Refresh token");
            console.click(byTestId("xaa-evaluate"));
            console.awaitText(decision, "Refresh tokens not accepted as the subject by the resource app");
            text = console.find(decision).getText();
            assertTrue(text.contains("The request would be refused"), text);
            assertTrue(text.contains("Invalid request (the client receives invalid_request)"), text);
            assertFalse(text.contains("REFRESH_TOKEN_SUBJECT_NOT_ALLOWED"), text);
            console.scrollTo(decision);
            console.screenshot("simulator-refresh-token-refused");

            console.select("xaa-sim-subject-kind", "Offline token");
            console.select("xaa-sim-audience", "Files (" + FILES_AUDIENCE + ")");
            console.click(byTestId("xaa-evaluate"));
            console.awaitText(decision, "Offline tokens not accepted as the subject by the resource app");
            assertFalse(console.find(decision).getText().contains("OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED"), console.find(decision).getText());
            assertEquals(List.of(), console.keyLikeTexts());
        }
    }

    /** Client, user and app picked as an admin would; the scopes typed. */
    private static void simulate(AdminConsole console, String app, String... scopes) {
        console.pick("xaa-sim-client", "agent");
        console.pick("xaa-sim-user", "alice");
        console.select("xaa-sim-audience", app);
        console.addValues("xaa-sim-scopes", scopes);
        console.click(byTestId("xaa-evaluate"));
    }

    /**
     * What the audit table hides at the window's size: a cell (or anything in it) whose content is wider than
     * itself, the rightmost column outside the table's scroll container, or a container the page cuts off.
     * Screen-reader-only texts are hidden on purpose and skipped.
     */
    @SuppressWarnings("unchecked")
    private static List<String> clipped(AdminConsole console) {
        return (List<String>) console.script("""
                const table = document.querySelector("[data-testid='xaa-audit-table']");
                const problems = [];
                const describe = (element) => element.tagName + '.' + element.className + ' "' + element.textContent.slice(0, 40) + '"';
                const container = table.parentElement;
                const box = container.getBoundingClientRect();
                const scrolls = ['auto', 'scroll'].includes(getComputedStyle(container).overflowX);
                if (document.documentElement.scrollWidth > document.documentElement.clientWidth) problems.push('the page scrolls sideways');
                if (box.right > document.documentElement.clientWidth + 1) problems.push('the table container ends beyond the window');
                for (let ancestor = container.parentElement; ancestor && ancestor !== document.body; ancestor = ancestor.parentElement) {
                  const around = ancestor.getBoundingClientRect();
                  if (getComputedStyle(ancestor).overflowX !== 'visible' && (box.right > around.right + 1 || box.left < around.left - 1))
                    problems.push('the table container is cut off by ' + describe(ancestor));
                }
                if (table.scrollWidth > container.clientWidth + 1 && !scrolls) problems.push('the table is wider than a container that does not scroll');
                const headers = table.querySelectorAll('thead th');
                const rightmost = headers[headers.length - 1].getBoundingClientRect();
                if (rightmost.right - box.left + container.scrollLeft > container.scrollWidth + 1) problems.push('the rightmost column is outside the scroll container');
                table.querySelectorAll('th, td').forEach((cell) => {
                  if (cell.offsetParent === null) return;
                  [cell, ...cell.querySelectorAll('*')].forEach((element) => {
                    if (element.closest('.pf-v5-screen-reader') || element.getClientRects().length === 0) return;
                    if (element.scrollWidth > element.clientWidth + 1 && element.clientWidth > 0) problems.push('overflows: ' + describe(element));
                    const inner = element.getBoundingClientRect();
                    const outer = cell.getBoundingClientRect();
                    if (inner.right > outer.right + 1 || inner.left < outer.left - 1) problems.push('sticks out of its cell: ' + describe(element));
                  });
                });
                return problems;
                """);
    }

    /** Inputs and selects of the page with no label an assistive technology would read. */
    @SuppressWarnings("unchecked")
    private static List<String> unlabelledControls(AdminConsole console) {
        return (List<String>) console.script("""
                return [...document.querySelectorAll('.pf-v5-c-page__main input, .pf-v5-c-page__main select, .pf-v5-c-page__main textarea')]
                  .filter((control) => control.type !== 'hidden' && control.offsetParent !== null)
                  .filter((control) => !(control.labels && control.labels.length) && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
                  .map((control) => control.outerHTML.slice(0, 120));
                """);
    }

    private static List<String> options(AdminConsole console, String selectId) {
        return new Select(console.find(By.id(selectId))).getOptions().stream().map(WebElement::getText).toList();
    }

    private Kc.Response exchange(String clientId, String secret, String username, String password, String audience, String scope) {
        String idToken = kc.password(REALM, clientId, secret, username, password, "openid").json().get("id_token").asText();
        Map<String, String> form = Kc.idJagRequest(idToken, audience);
        if (scope != null) {
            form.put("scope", scope);
        }
        return kc.token(REALM, clientId, secret, form);
    }
}
