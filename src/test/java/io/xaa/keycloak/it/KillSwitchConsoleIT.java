package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.xaa.keycloak.it.AdminConsole.byTestId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kill switches page, as an admin uses it from master's console on a realm that keeps the stock theme: the
 * realm-wide stop and its banner on the section's other pages, blocking and unblocking one user, each shown to
 * take effect on the very next exchange, and a view-only admin who sees the state but no control.
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillSwitchConsoleIT {

    static final String REALM = "killconsole-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String PAGE = API + "/kill-switches";
    static final String AS = "https://as.killconsole-it.example";
    static final String FILES = "https://mcp.killconsole-it.example/files";
    static final String VIEWER = "killconsole-viewer";
    static final By STATE = byTestId("xaa-issuance-state");
    static final By BANNER = byTestId("xaa-issuance-stopped-banner");
    static final By TOGGLE = byTestId("xaa-issuance-toggle");

    Kc kc;
    KillSwitchProbe probe;

    @BeforeAll
    void realmPolicyAndViewer(Kc kc) {
        this.kc = kc;
        probe = KillSwitchProbe.withConnection(kc, "killconsole-it-realm.json", REALM, "Files", AS, FILES, "agent-at-files");
        viewerInMaster();
    }

    @AfterAll
    void removeTheViewer() {
        kc.admin("GET", "/master/users?exact=true&username=" + VIEWER, null).json()
                .forEach(user -> kc.admin("DELETE", "/master/users/" + user.get("id").asText(), null));
    }

    /** A master admin who may view the test realm, its clients and users, and change nothing. */
    private void viewerInMaster() {
        assertEquals(201, kc.admin("POST", "/master/users", Map.of("username", VIEWER, "enabled", true,
                "email", VIEWER + "@killconsole-it.example", "emailVerified", true, "firstName", "View", "lastName", "Only",
                "credentials", List.of(Map.of("type", "password", "value", VIEWER, "temporary", false)))).status());
        String user = kc.admin("GET", "/master/users?exact=true&username=" + VIEWER, null).json().get(0).get("id").asText();
        String realmClient = kc.admin("GET", "/master/clients?clientId=" + REALM + "-realm", null).json().get(0).get("id").asText();
        List<JsonNode> roles = Stream.of("view-realm", "view-clients", "view-users", "query-users", "query-clients")
                .map(role -> kc.admin("GET", "/master/clients/" + realmClient + "/roles/" + role, null).json()).toList();
        assertEquals(204, kc.admin("POST", "/master/users/" + user + "/role-mappings/clients/" + realmClient, roles).status());
    }

    Kc.Response exchange(String user) {
        return probe.exchange(user);
    }

    void assertRefused(Kc.Response response, String rule) {
        probe.assertRefused(response, rule);
    }

    @Test
    @Order(1)
    void stoppingIssuanceRefusesTheNextExchangeAndBannersTheSectionUntilResumed() {
        assertEquals(200, exchange("alice").status(), "control: issuance runs");
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(PAGE);
            console.awaitText(STATE, "Issuing");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("killswitch-01-issuing");

            console.click(TOGGLE);
            console.awaitText(byTestId("xaa-error-xaa-issuance-reason"), "Required.");
            assertTrue(console.all(By.id("modal-confirm")).isEmpty(), "no confirmation without a reason");
            console.type("xaa-issuance-reason", "x".repeat(1001));
            console.awaitText(byTestId("xaa-error-xaa-issuance-reason"), "At most 1000 characters.");
            console.type("xaa-issuance-reason", "incident 7: leaked agent credentials");
            console.click(TOGGLE);
            console.awaitText(By.cssSelector(".pf-v5-c-modal-box"), "Stop all ID-JAG issuance?");
            console.screenshot("killswitch-02-confirm-stop");
            console.confirm();
            console.awaitAlert("ID-JAG issuance was stopped");
            console.awaitText(STATE, "Stopped");
            console.awaitText(byTestId("xaa-issuance-reason-shown"), "incident 7: leaked agent credentials");
            console.awaitText(byTestId("xaa-issuance-changed"), "admin");
            assertEquals("", console.find(By.id("xaa-issuance-reason")).getAttribute("value"), "the form starts empty again");
            console.awaitText(TOGGLE, "Resume issuance");
            console.screenshot("killswitch-03-stopped");

            assertRefused(exchange("alice"), "ISSUANCE_STOPPED");
            assertRefused(exchange("bob"), "ISSUANCE_STOPPED");

            console.open(API + "/connections");
            console.awaitText(BANNER, "ID-JAG issuance is stopped in this realm");
            console.awaitText(BANNER, "incident 7: leaked agent credentials");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("killswitch-04-banner-connections");
            console.open(API + "/inventory");
            console.awaitText(BANNER, "ID-JAG issuance is stopped in this realm");
            console.find(BANNER).findElement(By.linkText("Open the kill switches")).click();
            console.awaitRoute(PAGE);
            console.awaitText(STATE, "Stopped");

            console.deepLink(PAGE);
            console.awaitText(STATE, "Stopped");
            console.reload();
            console.awaitText(STATE, "Stopped");
            console.type("xaa-issuance-reason", "credentials rotated");
            console.click(TOGGLE);
            console.awaitText(By.cssSelector(".pf-v5-c-modal-box"), "Resume ID-JAG issuance?");
            console.confirm();
            console.awaitAlert("ID-JAG issuance was resumed");
            console.awaitText(STATE, "Issuing");
            assertEquals(200, exchange("alice").status(), "resumed: the next exchange is issued");

            console.open(API + "/connections");
            console.find(byTestId("xaa-connections-table"));
            assertTrue(console.all(BANNER).isEmpty(), "no banner once resumed");
        }
    }

    @Test
    @Order(2)
    void blockingAUserRefusesOnlyThemUntilUnblocked() {
        assertEquals(200, exchange("alice").status(), "control: alice gets an ID-JAG");
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.deepLink(PAGE);
            console.awaitText(byTestId("xaa-empty"), "No blocked users");

            console.click(byTestId("xaa-block-user"));
            console.click(byTestId("xaa-block-user-confirm"));
            console.awaitText(byTestId("xaa-error-xaa-block-user-picker-input"), "Required.");
            console.awaitText(byTestId("xaa-error-xaa-block-reason"), "Required.");
            console.pick("xaa-block-user-picker", "ali", "alice");
            console.type("xaa-block-reason", "laptop stolen");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("killswitch-05-block-user");
            console.click(byTestId("xaa-block-user-confirm"));
            console.awaitAlert("alice was blocked");
            By alice = byTestId("xaa-blocked-user-alice");
            console.awaitText(alice, "laptop stolen");
            console.awaitText(alice, "admin");
            console.scrollTo(alice);
            console.screenshot("killswitch-06-blocked");

            assertRefused(exchange("alice"), "USER_BLOCKED");
            assertEquals(200, exchange("bob").status(), "bob is not blocked");
            assertEquals(200, kc.password(REALM, "agent", "agent-secret", "alice", "alice", "openid").status(), "alice still logs in");

            console.search("xaa-blocked-users", "bob");
            console.awaitText(byTestId("xaa-empty"), "No results");
            console.search("xaa-blocked-users", "stolen");
            console.awaitText(alice, "laptop stolen");

            console.reload();
            console.rowAction(alice, "Unblock");
            console.awaitText(By.cssSelector(".pf-v5-c-modal-box"), "Unblock user?");
            console.confirm();
            console.awaitAlert("alice was unblocked");
            console.awaitText(byTestId("xaa-empty"), "No blocked users");
            assertEquals(200, exchange("alice").status(), "unblocked: alice gets an ID-JAG again");
        }
    }

    @Test
    @Order(3)
    void aViewOnlyAdminSeesTheStateButNoControl() {
        assertEquals(200, kc.admin("PUT", API + "/issuance", Kc.body("stopped", true, "reason", "drill")).status());
        assertEquals(200, kc.admin("PUT", API + "/blocked-users/6d000000-0000-4000-a000-000000000002",
                Kc.body("reason", "on leave")).status());
        try {
            try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", VIEWER, VIEWER)) {
                console.open(PAGE);
                console.awaitText(STATE, "Stopped");
                console.awaitText(byTestId("xaa-issuance-reason-shown"), "drill");
                console.awaitText(byTestId("xaa-blocked-user-bob"), "on leave");
                console.find(byTestId("xaa-issuance-read-only"));
                console.find(byTestId("xaa-blocked-users-read-only"));
                assertTrue(console.all(TOGGLE).isEmpty(), "no stop/resume without manage-realm");
                assertTrue(console.all(By.id("xaa-issuance-reason")).isEmpty(), "no reason field either");
                assertTrue(console.all(byTestId("xaa-block-user")).isEmpty(), "no block without manage-users");
                assertTrue(console.find(byTestId("xaa-blocked-user-bob")).findElements(By.cssSelector("button[aria-label='Kebab toggle']")).isEmpty(),
                        "no unblock without manage-users");
                assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
                console.screenshot("killswitch-07-view-only");

                console.open(API + "/connections");
                console.awaitText(BANNER, "ID-JAG issuance is stopped in this realm");
            }
        } finally {
            kc.admin("PUT", API + "/issuance", Kc.body("stopped", false, "reason", "drill over"));
            kc.admin("DELETE", API + "/blocked-users/6d000000-0000-4000-a000-000000000002", null);
        }
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());
    }
}
