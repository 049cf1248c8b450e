package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The realm's ACR-to-LoA map decides what a resource app's step-up requires (realm {@code stepup-acr-it}, map
 * {@code {"pwd":1,"mfa":2}}): a requesting client's own map can neither drop nor lower it, a required ACR the realm
 * no longer maps refuses, and the simulator answers as the exchange does. Also: the simulator tells an admin who
 * may not view a user nothing about whether that username exists.
 *
 * <ul>
 *   <li>{@code agent}: own map {@code {"pwd":1,"gold":2}}, which lacks "mfa";</li>
 *   <li>{@code agent-lax}: own map {@code {"mfa":1}}, so Keycloak names a password login's level 1 "mfa";</li>
 *   <li>{@code viewer}: view-clients only; {@code delegate}: view-clients, query-users and (fine-grained) view on alice.</li>
 * </ul>
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpAcrMapIT {

    static final String REALM = "stepup-acr-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String SENSITIVE = "https://as-sensitive.example.com";
    static final String REALM_MAP = "{\"pwd\":1,\"mfa\":2}";

    Kc kc;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        kc.createRealm("stepup-acr-it-realm.json");
        String app = kc.createResourceApp(REALM, Map.of("name", "Sensitive", "audience", SENSITIVE, "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", List.of("mfa"))));
        for (String client : List.of("agent", "agent-lax")) {
            kc.createConnection(REALM, Map.of("clientId", client, "resourceAppId", app, "clientIdAtResourceApp", client + "-at-sensitive"));
        }
        String authz = "/" + REALM + "/clients/" + id(kc.admin("GET", "/" + REALM + "/clients?clientId=admin-permissions", null))
                + "/authz/resource-server";
        String delegatePolicy = created(kc.admin("POST", authz + "/policy/user", Kc.body("name", "delegate",
                "users", List.of(userId("delegate")), "logic", "POSITIVE")));
        created(kc.admin("POST", authz + "/permission/scope", Kc.body("name", "delegate views alice",
                "resourceType", "Users", "resources", List.of(userId("alice")), "scopes", List.of("view"),
                "policies", List.of(delegatePolicy), "decisionStrategy", "UNANIMOUS")));
    }

    @Test
    void aClientMapWithoutTheRequiredAcrStillNeedsTheRealmLevel() {
        assertPasswordLoginMustStepUp("agent", "pwd");
    }

    /** Keycloak names the level a login reached through the client's own map, so agent-lax's "mfa" proves level 1 only. */
    @Test
    void anAcrNameTheClientMapsLowerProvesOnlyTheLowerLevel() {
        assertPasswordLoginMustStepUp("agent-lax", "mfa");
    }

    @Test
    void aRequiredAcrTheRealmNoLongerMapsRefuses() {
        String idToken = idToken("agent");
        setRealmAcrMap("{\"pwd\":1}");
        try {
            Kc.Response exchanged = exchange("agent", idToken);
            assertEquals(400, exchanged.status(), exchanged.toString());
            assertEquals("access_denied", exchanged.error(), exchanged.toString());
            assertNull(exchanged.json().get("access_token"), exchanged.toString());
            JsonNode simulated = assertSimulatorAgrees("agent", "pwd", exchanged, "REFUSE");
            assertEquals("STEP_UP_UNRESOLVABLE", simulated.path("rule").asText(), simulated.toString());
            // A stronger login cannot fix a misconfiguration.
            assertEquals("access_denied", evaluate(kc.adminToken(), "alice", "agent", "2").json().path("error").asText());
        } finally {
            setRealmAcrMap(REALM_MAP);
        }
    }

    @Test
    void anAdminWhoMayNotViewUsersLearnsNothingAboutUsernames() {
        String viewer = kc.userToken(REALM, "admin-cli", null, "viewer", "viewer");
        Kc.Response existing = evaluate(viewer, "alice", "agent", "pwd");
        Kc.Response missing = evaluate(viewer, "nobody-here", "agent", "pwd");
        assertEquals(403, existing.status(), existing.toString());
        assertEquals(existing.toString(), missing.toString());
    }

    @Test
    void aDelegatedAdminLearnsNothingAboutUsersOutsideTheirPermission() {
        String delegate = kc.userToken(REALM, "admin-cli", null, "delegate", "delegate");
        Kc.Response viewable = evaluate(delegate, "alice", "agent", "pwd");
        assertEquals(200, viewable.status(), viewable.toString());
        Kc.Response hidden = evaluate(delegate, "bob", "agent", "pwd");
        Kc.Response missing = evaluate(delegate, "nobody-here", "agent", "pwd");
        assertEquals(403, hidden.status(), hidden.toString());
        assertEquals(hidden.toString(), missing.toString());
        Kc.Response unknownToFullViewer = kc.admin("POST", API + "/evaluate",
                Map.of("clientId", "agent", "username", "nobody-here", "audience", SENSITIVE));
        assertEquals(400, unknownToFullViewer.status(), "an admin who may view every user is told the user is unknown");
    }

    // ---- helpers

    /** Alice's password login through {@code clientId} carries {@code acr}, and the exchange asks for "mfa" instead. */
    void assertPasswordLoginMustStepUp(String clientId, String acr) {
        String idToken = idToken(clientId);
        assertEquals(acr, Kc.claims(idToken).path("acr").asText(), "a password login, named through " + clientId + "'s own map");
        Kc.Response exchanged = exchange(clientId, idToken);
        assertEquals(400, exchanged.status(), exchanged.toString());
        assertEquals("insufficient_user_authentication", exchanged.error(), exchanged.toString());
        assertEquals("mfa", exchanged.json().path("acr_values").asText(), exchanged.toString());
        assertNull(exchanged.json().get("access_token"), exchanged.toString());
        assertSimulatorAgrees(clientId, acr, exchanged, "STEP_UP");
    }

    String idToken(String clientId) {
        Kc.Response login = kc.password(REALM, clientId, clientId + "-secret", "alice", "alice", "openid");
        assertEquals(200, login.status(), login.toString());
        return login.json().get("id_token").asText();
    }

    Kc.Response exchange(String clientId, String idToken) {
        return kc.token(REALM, clientId, clientId + "-secret", Kc.idJagRequest(idToken, SENSITIVE));
    }

    Kc.Response evaluate(String bearer, String username, String clientId, String acr) {
        return kc.adminAs(bearer, "POST", API + "/evaluate",
                Map.of("clientId", clientId, "username", username, "audience", SENSITIVE, "acr", acr));
    }

    /** The simulator, asked with the ID token's acr, gives the exchange's error, description and acr_values. */
    JsonNode assertSimulatorAgrees(String clientId, String acr, Kc.Response exchanged, String decision) {
        Kc.Response simulated = evaluate(kc.adminToken(), "alice", clientId, acr);
        assertEquals(200, simulated.status(), simulated.toString());
        JsonNode result = simulated.json();
        String label = exchanged + " / " + result;
        assertEquals(decision, result.path("decision").asText(), label);
        assertEquals(exchanged.error(), result.path("error").asText(), label);
        assertEquals(exchanged.json().path("error_description").asText(), result.path("reason").asText(), label);
        assertEquals(exchanged.json().path("acr_values").asText(null), result.path("acrValues").asText(null), label);
        return result;
    }

    void setRealmAcrMap(String map) {
        Kc.Response updated = kc.admin("PUT", "/" + REALM, Map.of("attributes", Map.of("acr.loa.map", map)));
        assertEquals(204, updated.status(), updated.toString());
        assertEquals(map, kc.admin("GET", "/" + REALM, null).json().path("attributes").path("acr.loa.map").asText());
    }

    String userId(String username) {
        return id(kc.admin("GET", "/" + REALM + "/users?exact=true&username=" + enc(username), null));
    }

    static String id(Kc.Response list) {
        assertEquals(200, list.status(), list.toString());
        assertEquals(1, list.json().size(), list.toString());
        return list.json().get(0).path("id").asText();
    }

    static String created(Kc.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.json().path("id").asText();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
