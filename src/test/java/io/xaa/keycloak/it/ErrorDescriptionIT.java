package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaa.keycloak.it.vetoing.VetoingEventListenerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server of its own, started without the error-descriptions option (so with its default, generic), where the test
 * listener every test home carries ({@link KeycloakExtension#writeTestListener}) vetoes the transaction of one client's
 * exchanges: refused clients read a fixed text per error code while the audit record keeps the precise reason, and an
 * ID-JAG whose audit record would be rolled back is never sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorDescriptionIT {

    static final String REALM = DroppedParameterIT.REALM;
    static final String AS_STRICT = "https://as-params-strict.example.com";
    /** Beside the test server's port and its management port (+10); AuditIT's own server uses +200. */
    static final int PORT = Integer.parseInt(KeycloakServer.testSettings().get("kc.port")) + 50;

    KeycloakServer server;
    Kc kc;
    String vetoedConnection;

    @BeforeAll
    void startServer() throws Exception {
        Map<String, String> settings = KeycloakServer.testSettings();
        Path build = Path.of(settings.get("build.dir"));
        Path home = build.resolve("kc-generic");
        KeycloakServer.copyHome(Path.of(settings.get("kc.home")), home);
        Path realms = Files.createDirectories(build.resolve("kc-generic-realms"));
        Files.writeString(realms.resolve("grantparams-it-realm.json"), Kc.realmFile("grantparams-it-realm.json"));
        // The run's home, copied with the test listener and the run's build options: no re-augmenting (35 s to a minute).
        server = KeycloakServer.start(home, Path.of(settings.get("provider.jar")), realms, PORT,
                build.resolve("keycloak-generic.log"), KeycloakServer.DEV_FILE, KeycloakExtension.AS_THE_RUNS_SERVER);
        kc = new Kc(server);

        String app = DroppedParameterIT.createPolicy(kc);
        String strict = kc.createResourceApp(REALM, Map.of("name", "Strict", "audience", AS_STRICT, "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", List.of("2"), "maxAgeSeconds", 300)));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", strict, "clientIdAtResourceApp", "s",
                "scopes", List.of("read")));
        vetoedConnection = kc.createConnection(REALM, Map.of("clientId", VetoingEventListenerFactory.CLIENT, "resourceAppId", app,
                "clientIdAtResourceApp", "unaudited", "scopes", List.of("read")));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    Map<String, String> request(String clientId, String user, String audience) {
        Kc.Response login = kc.password(REALM, clientId, clientId + "-secret", user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        return Kc.idJagRequest(login.json().get("id_token").asText(), audience);
    }

    static void assertGeneric(Kc.Response response, int status, String error, String description) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(error, response.error(), response.toString());
        assertEquals(description, response.json().path("error_description").asText(), response.toString());
        assertFalse(response.body().contains("access_token"), "a refusal carries no token");
    }

    /** The newest refusal of the client recorded with this error. */
    JsonNode newestRefusal(String clientId, String error) {
        Kc.Response records = kc.admin("GET", "/" + REALM + "/cross-app-access/audit?outcome=FAILURE&max=100&clientId=" + clientId, null);
        assertEquals(200, records.status(), records.toString());
        for (JsonNode record : records.json()) {
            if (error.equals(record.path("error").asText())) {
                return record;
            }
        }
        throw new AssertionError("no " + error + " refusal of " + clientId + " in " + records);
    }

    @Test
    void aPolicyRefusalDoesNotTellTheClientWhichRuleDecided() {
        Kc.Response response = kc.token(REALM, "agent", "agent-secret", request("agent", "bob", DroppedParameterIT.AS));
        assertGeneric(response, 400, "access_denied", "The request was denied by policy.");
        assertEquals("user is not in a group the connection requires", newestRefusal("agent", "access_denied").path("reason").asText());
    }

    @Test
    void aDroppedParameterIsRefusedWithTheGenericText() {
        Map<String, String> form = request("agent", "alice", DroppedParameterIT.AS);
        form.put("resource", DroppedParameterIT.longValue(DroppedParameterIT.FILES + "/", DroppedParameterIT.OVER_LIMIT));
        assertGeneric(kc.token(REALM, "agent", "agent-secret", form), 400, "invalid_request",
                "The token request is malformed or uses a parameter this server does not accept.");
        assertEquals("parameter resource exceeds the length this server accepts",
                newestRefusal("agent", "invalid_request").path("reason").asText());
    }

    @Test
    void aStepUpKeepsAcrValuesAndMaxAge() {
        Kc.Response response = kc.token(REALM, "agent", "agent-secret", request("agent", "alice", AS_STRICT));
        assertGeneric(response, 400, "insufficient_user_authentication",
                "The user must authenticate again, as acr_values or max_age in this response require.");
        assertEquals("2", response.json().path("acr_values").asText(), response.toString());
        assertEquals(300, response.json().path("max_age").asInt(), response.toString());
    }

    @Test
    void anIdJagWhoseAuditRecordIsRolledBackIsNotSent() {
        String clientId = VetoingEventListenerFactory.CLIENT;
        Kc.Response response = kc.token(REALM, clientId, clientId + "-secret", request(clientId, "alice", DroppedParameterIT.AS));
        assertGeneric(response, 500, "server_error", "The token could not be issued.");
        Kc.Response issued = kc.admin("GET", "/" + REALM + "/cross-app-access/audit/count?type=ID_JAG_ISSUED&clientId=" + clientId, null);
        assertEquals("0", issued.body().trim(), "the issued record went with the rolled-back transaction");
        assertTrue(newestRefusal(clientId, "server_error").path("reason").asText().contains("audit record"));
        Kc.Response connection = kc.admin("GET", "/" + REALM + "/cross-app-access/connections/" + vetoedConnection, null);
        assertEquals(0, connection.json().path("issuedCount").asLong(-1), connection.toString());
    }
}
