package io.xaa.keycloak.it;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inventory in a realm other than master: connections grouped by client, healthy ones saying so, each row a
 * link to its connection, and the per-user view saying when a user has no ID-JAG yet.
 */
@ExtendWith({KeycloakExtension.class, MasterAdminTheme.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InventoryConsoleIT {

    static final String REALM = "clienttab-it";
    static final String INVENTORY = "/" + REALM + "/cross-app-access/inventory";
    static final String MAPS = "https://maps.clienttab-it.example";

    Kc kc;
    String usedConnection;

    @BeforeAll
    void realmUsesAndTheme(Kc kc) {
        this.kc = kc;
        kc.createRealm("clienttab-it-realm.json");
        String maps = kc.createResourceApp(REALM, Map.of("name", "Maps", "audience", MAPS, "scopes", List.of("maps:read")));
        String photos = kc.createResourceApp(REALM, Map.of("name", "Photos", "audience", "https://photos.clienttab-it.example"));
        usedConnection = kc.createConnection(REALM, Map.of("clientId", "ai-agent", "resourceAppId", maps,
                "clientIdAtResourceApp", "ai-agent-at-maps", "scopes", List.of("maps:read")));
        kc.createConnection(REALM, Map.of("clientId", "helper-agent", "resourceAppId", maps, "clientIdAtResourceApp", "helper-at-maps"));
        kc.createConnection(REALM, Map.of("clientId", "helper-agent", "resourceAppId", photos, "clientIdAtResourceApp", "helper-at-photos",
                "enabled", false));
        String idToken = kc.password(REALM, "ai-agent", "ai-agent-secret", "alice", "alice", "openid").json().get("id_token").asText();
        Map<String, String> form = Kc.idJagRequest(idToken, MAPS);
        form.put("scope", "maps:read");
        assertEquals(200, kc.token(REALM, "ai-agent", "ai-agent-secret", form).status(), "alice's ID-JAG through ai-agent → Maps");
    }

    @Test
    void byClientGroupsRowsSaysWhichAreHealthyAndLinksEachToItsConnection() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(INVENTORY);
            By aiAgent = byTestId("xaa-inventory-client-ai-agent");
            By helper = byTestId("xaa-inventory-client-helper-agent");
            console.awaitText(aiAgent, "Maps");
            console.awaitText(helper, "Photos");
            assertEquals(1, console.find(aiAgent).findElements(byTestId("xaa-inventory-client-header")).size(), "one header per client");
            assertTrue(console.find(aiAgent).findElement(byTestId("xaa-inventory-client-header")).getText().contains("ai-agent"));
            assertEquals(3, console.find(helper).findElements(By.tagName("tr")).size(), "helper-agent's header and its two connections");
            assertEquals(1, console.all(By.cssSelector("[data-testid='xaa-inventory-client-header']")).stream()
                    .filter(header -> header.getText().contains("helper-agent")).count(), "helper-agent is one group");

            WebElement used = console.find(byTestId("xaa-inventory-row-ai-agent-Maps"));
            assertEquals("Healthy", used.findElement(byTestId("xaa-healthy")).getText());
            WebElement unused = console.find(byTestId("xaa-inventory-row-helper-agent-Maps"));
            assertEquals("Never used", unused.findElement(byTestId("xaa-never-used")).getText());
            assertTrue(unused.findElements(byTestId("xaa-healthy")).isEmpty(), "a never used connection is not healthy");
            assertTrue(console.find(byTestId("xaa-inventory-row-helper-agent-Photos")).getText().contains("Disabled"));
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("inventory-01-by-client");

            used.findElement(By.linkText("Maps")).click();
            console.awaitRoute("/" + REALM + "/cross-app-access/connections/" + usedConnection);

            console.deepLink(INVENTORY);
            console.awaitText(aiAgent, "Healthy");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
        }
    }

    @Test
    void byUserSaysWhenAUserHasNoIdJagYet() {
        try (AdminConsole console = AdminConsole.signedIn(kc.baseUrl(), "master", "admin", "admin")) {
            console.open(INVENTORY);
            console.click(byTestId("xaa-inventory-by-user"));
            console.pick("xaa-inventory-user", "bob");
            console.awaitText(byTestId("xaa-empty"), "No ID-JAGs yet");
            console.awaitText(byTestId("xaa-empty"), "No ID-JAG has been issued for bob yet");
            assertTrue(console.keyLikeTexts().isEmpty(), console.keyLikeTexts().toString());
            console.screenshot("inventory-02-no-id-jags-yet");

            console.open(INVENTORY);
            console.click(byTestId("xaa-inventory-by-user"));
            console.pick("xaa-inventory-user", "alice");
            By table = byTestId("xaa-inventory-users-table");
            console.awaitText(table, "ai-agent");
            console.screenshot("inventory-03-by-user");
            console.find(table).findElement(By.linkText("ai-agent")).click();
            console.awaitRoute("/" + REALM + "/cross-app-access/connections/" + usedConnection);
        }
    }
}
