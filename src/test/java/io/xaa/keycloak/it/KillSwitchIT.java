package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two kill switches (issue 10): the realm-wide stop of every ID-JAG and the per-user block, through the admin
 * API, the exchange, the simulator, the audit trail, user removal and export/import.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillSwitchIT {

    static final String REALM = "killswitch-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String AS = "https://as-kill.example.com";
    static final String FILES = "https://mcp-kill.example.com/files";
    /** No resource app has it: the exchange's policy query finds no row, and the switches are read on their own. */
    static final String UNKNOWN_AS = "https://as-unknown-kill.example.com";
    static final String ALICE_ID = "6c000000-0000-4000-a000-000000000001";
    static final String BOB_ID = "6c000000-0000-4000-a000-000000000002";
    static final String UNKNOWN_ID = "6c000000-0000-4000-a000-0000000000ff";

    Kc kc;
    KillSwitchProbe probe;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        probe = KillSwitchProbe.withConnection(kc, "killswitch-it-realm.json", REALM, "Kill", AS, FILES, "agent-at-kill");
    }

    // ---- helpers

    Kc.Response login(String user) {
        return probe.login(user);
    }

    Kc.Response exchange(String user) {
        return probe.exchange(user);
    }

    void assertRefused(Kc.Response response, String rule) {
        probe.assertRefused(response, rule);
    }

    JsonNode simulate(String username) {
        Kc.Response response = kc.admin("POST", API + "/evaluate",
                Kc.body("clientId", "agent", "username", username, "audience", AS, "resources", List.of(FILES)));
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    JsonNode lastConfigChange() {
        return kc.admin("GET", API + "/audit?type=CONFIG_CHANGED&max=1", null).json().get(0);
    }

    Kc.Response setIssuance(boolean stopped, String reason) {
        return kc.admin("PUT", API + "/issuance", Kc.body("stopped", stopped, "reason", reason));
    }

    // ---- realm-wide stop

    @Test
    @Order(1)
    void stoppingTheRealmRefusesEveryExchangeUntilResumed() {
        assertEquals(200, exchange("alice").status());
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());

        Kc.Response stopped = setIssuance(true, "incident 42");
        assertEquals(200, stopped.status(), stopped.toString());
        JsonNode setting = kc.admin("GET", API + "/issuance", null).json();
        assertTrue(setting.get("stopped").asBoolean());
        assertEquals("incident 42", setting.get("reason").asText());
        assertEquals("admin", setting.get("changedBy").asText());
        assertTrue(setting.hasNonNull("changedAt"));
        JsonNode change = lastConfigChange();
        assertEquals("XAA_ISSUANCE", change.get("resourceType").asText(), change.toString());
        assertEquals("UPDATE", change.get("operation").asText());
        assertEquals(200, setIssuance(true, "incident 42").status());
        assertEquals(change.get("id"), lastConfigChange().get("id"), "a PUT that changes nothing writes no record");

        assertRefused(exchange("alice"), "ISSUANCE_STOPPED");
        assertRefused(exchange("bob"), "ISSUANCE_STOPPED");
        assertRefused(probe.exchange("alice", UNKNOWN_AS), "ISSUANCE_STOPPED");
        JsonNode simulated = simulate("alice");
        assertEquals("REFUSE", simulated.get("decision").asText(), simulated.toString());
        assertEquals("ISSUANCE_STOPPED", simulated.get("rule").asText());
        assertEquals("access_denied", simulated.get("error").asText());

        assertEquals(200, setIssuance(false, "incident over").status());
        assertEquals(200, exchange("alice").status());
        probe.assertRefused(probe.exchange("alice", UNKNOWN_AS), "UNKNOWN_AUDIENCE", "invalid_target");
        assertEquals("ISSUE", simulate("alice").get("decision").asText());
    }

    // ---- per-user block

    @Test
    @Order(2)
    void blockingAUserRefusesOnlyThemAndLeavesTheirLogin() {
        Kc.Response blocked = kc.admin("PUT", API + "/blocked-users/" + ALICE_ID, Kc.body("reason", "laptop stolen"));
        assertEquals(200, blocked.status(), blocked.toString());
        assertEquals("alice", blocked.json().get("username").asText());
        JsonNode change = lastConfigChange();
        assertEquals("XAA_USER_BLOCK", change.get("resourceType").asText(), change.toString());
        assertEquals("CREATE", change.get("operation").asText());
        assertEquals(200, kc.admin("PUT", API + "/blocked-users/" + ALICE_ID, Kc.body("reason", "laptop stolen")).status());
        assertEquals(change.get("id"), lastConfigChange().get("id"), "a PUT that changes nothing writes no record");

        assertRefused(exchange("alice"), "USER_BLOCKED");
        assertRefused(probe.exchange("alice", UNKNOWN_AS), "USER_BLOCKED");
        assertEquals(200, exchange("bob").status(), "bob is not blocked");
        probe.assertRefused(probe.exchange("bob", UNKNOWN_AS), "UNKNOWN_AUDIENCE", "invalid_target");
        assertEquals(200, login("alice").status(), "alice still logs in");
        assertEquals("USER_BLOCKED", simulate("alice").get("rule").asText());
        assertEquals("ISSUE", simulate("bob").get("decision").asText());

        JsonNode list = kc.admin("GET", API + "/blocked-users", null).json();
        assertEquals(1, list.size(), list.toString());
        assertEquals(ALICE_ID, list.get(0).get("userId").asText());
        assertEquals("alice", list.get(0).get("username").asText());
        assertEquals("laptop stolen", list.get(0).get("reason").asText());
        assertEquals("admin", list.get(0).get("blockedBy").asText());
        assertTrue(list.get(0).hasNonNull("blockedAt"));

        assertEquals(204, kc.admin("DELETE", API + "/blocked-users/" + ALICE_ID, null).status());
        assertEquals("DELETE", lastConfigChange().get("operation").asText());
        assertEquals(200, exchange("alice").status());
        assertEquals(0, kc.admin("GET", API + "/blocked-users", null).json().size());
        assertEquals(404, kc.admin("DELETE", API + "/blocked-users/" + ALICE_ID, null).status(), "no longer blocked");
    }

    @Test
    @Order(3)
    void anUnknownUserIs404() {
        assertEquals(404, kc.admin("PUT", API + "/blocked-users/" + UNKNOWN_ID, Kc.body("reason", "x")).status());
        assertEquals(404, kc.admin("DELETE", API + "/blocked-users/" + UNKNOWN_ID, null).status());
    }

    // ---- permissions

    @Test
    @Order(4)
    void aViewOnlyAdminReadsButCannotChange() {
        String viewer = kc.userToken(REALM, "admin-cli", null, "viewer", "viewer");
        assertEquals(200, kc.adminAs(viewer, "GET", API + "/issuance", null).status());
        assertEquals(200, kc.adminAs(viewer, "GET", API + "/blocked-users", null).status());
        assertEquals(403, kc.adminAs(viewer, "PUT", API + "/issuance", Kc.body("stopped", true)).status());
        assertEquals(403, kc.adminAs(viewer, "PUT", API + "/blocked-users/" + ALICE_ID, Kc.body("reason", "x")).status());
        assertEquals(403, kc.adminAs(viewer, "DELETE", API + "/blocked-users/" + ALICE_ID, null).status());
        assertEquals(403, kc.adminAs(viewer, "PUT", API + "/blocked-users/" + UNKNOWN_ID, Kc.body("reason", "x")).status(),
                "no user oracle for those who may not manage users");
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());

        String manager = kc.userToken(REALM, "admin-cli", null, "manager", "manager");
        assertEquals(200, kc.adminAs(manager, "PUT", API + "/blocked-users/" + BOB_ID, Kc.body("reason", "by manager")).status());
        assertEquals(204, kc.adminAs(manager, "DELETE", API + "/blocked-users/" + BOB_ID, null).status());
    }

    // ---- user removal

    @Test
    @Order(5)
    void deletingAUserRemovesTheirBlock() {
        Kc.Response created = kc.admin("POST", "/" + REALM + "/users", Kc.body("username", "dave", "enabled", true));
        assertEquals(201, created.status(), created.toString());
        String daveId = created.createdId();
        assertEquals(200, kc.admin("PUT", API + "/blocked-users/" + daveId, Kc.body("reason", "leaving")).status());
        assertEquals(1, kc.admin("GET", API + "/blocked-users", null).json().size());

        assertEquals(204, kc.admin("DELETE", "/" + REALM + "/users/" + daveId, null).status());
        assertEquals(0, kc.admin("GET", API + "/blocked-users", null).json().size(), "the block went with the user");
    }

    // ---- export / import

    @Test
    @Order(6)
    void exportAndImportCarryBothSwitches() {
        assertEquals(200, setIssuance(true, "drill").status());
        assertEquals(200, kc.admin("PUT", API + "/blocked-users/" + BOB_ID, Kc.body("reason", "drill")).status());
        JsonNode exported = kc.admin("GET", API + "/export", null).json();
        assertTrue(exported.get("issuanceStopped").asBoolean(), exported.toString());
        assertEquals(1, exported.get("blockedUsers").size());
        assertEquals("bob", exported.get("blockedUsers").get(0).get("username").asText());
        assertEquals("drill", exported.get("blockedUsers").get(0).get("reason").asText());
        assertFalse(exported.get("blockedUsers").get(0).hasNonNull("userId"), "ids do not move between realms");

        assertEquals(200, setIssuance(false, null).status());
        assertEquals(204, kc.admin("DELETE", API + "/blocked-users/" + BOB_ID, null).status());

        Kc.Response imported = kc.admin("POST", API + "/import", exported.toString());
        assertEquals(200, imported.status(), imported.toString());
        assertEquals(1, imported.json().get("usersBlocked").asInt(), imported.toString());
        assertTrue(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());
        assertRefused(exchange("alice"), "ISSUANCE_STOPPED");
        JsonNode blocked = kc.admin("GET", API + "/blocked-users", null).json();
        assertEquals(BOB_ID, blocked.get(0).get("userId").asText(), blocked.toString());

        // A document that does not mention the switches leaves them; replace with an empty list lifts every block.
        Kc.Response silent = kc.admin("POST", API + "/import?mode=merge", Kc.body("resourceApps", exported.get("resourceApps"),
                "connections", exported.get("connections")));
        assertEquals(200, silent.status(), silent.toString());
        assertTrue(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());
        assertEquals(1, kc.admin("GET", API + "/blocked-users", null).json().size());
        Kc.Response replaced = kc.admin("POST", API + "/import?mode=replace", Kc.body("resourceApps", exported.get("resourceApps"),
                "connections", exported.get("connections"), "issuanceStopped", false, "blockedUsers", List.of()));
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals(1, replaced.json().get("usersUnblocked").asInt(), replaced.toString());
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());
        assertEquals(0, kc.admin("GET", API + "/blocked-users", null).json().size());
        assertEquals(200, exchange("bob").status());
    }

    @Test
    @Order(7)
    void anUnknownUsernameFailsTheWholeImport() {
        JsonNode exported = kc.admin("GET", API + "/export", null).json();
        assertFalse(exported.hasNonNull("issuanceStopped"), "a running realm's export says nothing of the switch: " + exported);
        assertFalse(exported.hasNonNull("blockedUsers"), "nor of blocks when there are none");
        Kc.Response refused = kc.admin("POST", API + "/import", Kc.body("resourceApps", exported.get("resourceApps"),
                "connections", exported.get("connections"), "issuanceStopped", true,
                "blockedUsers", List.of(Map.of("username", "alice"), Map.of("username", "nobody-here"))));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("nobody-here"), refused.toString());
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean(), "nothing was changed");
        assertEquals(0, kc.admin("GET", API + "/blocked-users", null).json().size());

        String viewer = kc.userToken(REALM, "admin-cli", null, "viewer", "viewer");
        assertEquals(403, kc.adminAs(viewer, "POST", API + "/import", Kc.body("blockedUsers", List.of())).status());
    }

    // ---- bad input

    @Test
    @Order(8)
    void badBodiesAre400NeverA500() {
        String tooLong = "x".repeat(1001);
        for (String body : List.of("", "{", "[]", "{}", "{\"stopped\":\"maybe\"}", "{\"stopped\":null}", "{\"stopped\":true,\"extra\":1}",
                "{\"stopped\":true,\"reason\":\"" + tooLong + "\"}")) {
            Kc.Response response = kc.admin("PUT", API + "/issuance", body);
            assertEquals(400, response.status(), body + " → " + response);
            assertTrue(response.json().hasNonNull("errorMessage"), response.toString());
        }
        for (String body : List.of("", "{", "[1]", "{\"reason\":{}}", "{\"nope\":1}", "{\"reason\":\"" + tooLong + "\"}")) {
            Kc.Response response = kc.admin("PUT", API + "/blocked-users/" + ALICE_ID, body);
            assertEquals(400, response.status(), body + " → " + response);
        }
        assertFalse(kc.admin("GET", API + "/issuance", null).json().get("stopped").asBoolean());
        assertEquals(0, kc.admin("GET", API + "/blocked-users", null).json().size());
        assertEquals(200, exchange("alice").status());
    }
}
