package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the edit forms rely on in the admin API: error bodies that name the field, a stable code and what they
 * concern; the eligible-clients list behind the client picker; and a save that changes nothing records nothing.
 */
@ExtendWith(KeycloakExtension.class)
class FormsApiIT {

    static final String REALM = "forms-it";
    static final String API = "/" + REALM + "/cross-app-access";

    static Kc kc;

    @BeforeAll
    static void createRealm(Kc server) {
        kc = server;
        kc.createRealm("forms-it-realm.json");
    }

    @Test
    void refusalsNameTheFieldACodeAndWhatTheyConcern() {
        String u = unique();
        String audience = "https://api-" + u + ".forms-it.example";

        Kc.Response http = kc.admin("POST", API + "/resource-apps", Kc.body("name", "Api " + u, "audience", "http://tools.example.com"));
        assertRefusal(http, 400, "must use https", "audience", "notHttps", Map.of("value", "http://tools.example.com"));
        assertRefusal(kc.admin("POST", API + "/resource-apps", Kc.body("name", "Api " + u, "audience", audience, "idJagLifetimeSeconds", 301)),
                400, "idJagLifetimeSeconds must be between 1 and 300", "idJagLifetimeSeconds", "outOfRange", Map.of("min", "1", "max", "300"));
        assertRefusal(kc.admin("POST", API + "/resource-apps", Kc.body("name", "Api " + u, "audience", audience, "scopes", List.of("a b"))),
                400, "not a valid scope token", "scopes", "notScopeToken", Map.of("value", "a b"));
        assertRefusal(kc.admin("POST", API + "/resource-apps", Kc.body("name", "Api " + u, "audience", audience,
                        "stepUp", Map.of("acrValues", List.of("platinum")))),
                400, "names ACR value platinum", "stepUp.acrValues", "unknownAcr", Map.of("value", "platinum"));

        String appId = kc.createResourceApp(REALM, Kc.body("name", "Api " + u, "audience", audience, "scopes", List.of("read", "write")));
        assertRefusal(kc.admin("POST", API + "/resource-apps", Kc.body("name", "Api twin " + u, "audience", audience)),
                409, "another resource app already has the audience", "audience", "audienceTaken",
                Map.of("audience", audience, "resourceApp", "Api " + u, "resourceAppId", appId));

        assertRefusal(kc.admin("POST", API + "/connections", connection("forms-public-app", appId, "public-" + u)),
                400, "must be a confidential OpenID Connect client", "clientId", "notEligibleClient", Map.of("clientId", "forms-public-app"));
        assertRefusal(kc.admin("POST", API + "/connections", connection("no-such-client", appId, "ghost-" + u)),
                400, "does not exist", "clientId", "unknownClient", Map.of("clientId", "no-such-client"));
        assertRefusal(kc.admin("POST", API + "/connections", Kc.with(connection("forms-agent", appId, "agent-" + u), "scopes", List.of("admin"))),
                400, "scope admin is not offered", "scopes", "notOffered", Map.of("value", "admin", "resourceApp", "Api " + u));

        String connectionId = kc.createConnection(REALM, Kc.with(connection("forms-agent", appId, "agent-" + u), "scopes", List.of("write")));
        assertRefusal(kc.admin("POST", API + "/connections", connection("forms-other-agent", appId, "agent-" + u)),
                409, "is already the identity of client forms-agent", "clientIdAtResourceApp", "identityTaken",
                Map.of("clientIdAtResourceApp", "agent-" + u, "clientId", "forms-agent", "connectionId", connectionId));
        assertRefusal(kc.admin("POST", API + "/connections", connection("forms-agent", appId, "agent-again-" + u)),
                409, "already has connection", "resourceAppId", "alreadyConnected", Map.of("clientId", "forms-agent", "connectionId", connectionId));
        assertRefusal(kc.admin("PUT", API + "/resource-apps/" + appId, Kc.body("name", "Api " + u, "audience", audience, "scopes", List.of("read"))),
                409, "still uses write", "scopes", "connectionStillUses",
                Map.of("connectionId", connectionId, "clientId", "forms-agent", "values", "write"));

        Kc.Response malformed = kc.admin("POST", API + "/resource-apps", "{\"name\": ");
        assertEquals(400, malformed.status(), malformed.toString());
        assertTrue(malformed.json().path("errorMessage").asText().startsWith("malformed JSON"), malformed.toString());
        assertFalse(malformed.json().has("code") || malformed.json().has("field"), "a refusal of no one field has no code: " + malformed);
    }

    @Test
    void eligibleClientsAreTheConfidentialOidcOnesThatWereNotRegisteredDynamically() {
        Kc.Response initial = kc.admin("POST", "/" + REALM + "/clients-initial-access", Map.of("count", 1, "expiration", 300));
        assertEquals(201, initial.status(), initial.toString());
        Kc.Response registered = kc.registerClient(REALM, initial.json().get("token").asText(), Map.of(
                "client_name", "forms-dcr", "redirect_uris", List.of("http://localhost/cb"), "token_endpoint_auth_method", "client_secret_basic"));
        assertEquals(201, registered.status(), registered.toString());
        String dcrClientId = registered.json().get("client_id").asText();

        Kc.Response all = kc.admin("GET", API + "/eligible-clients?max=1000", null);
        assertEquals(200, all.status(), all.toString());
        List<String> clientIds = StreamSupport.stream(all.json().spliterator(), false).map(c -> c.path("clientId").asText()).toList();
        assertTrue(clientIds.containsAll(List.of("forms-agent", "forms-other-agent")), clientIds.toString());
        for (String ineligible : List.of("forms-public-app", "forms-bearer-api", "forms-saml-app", dcrClientId)) {
            assertFalse(clientIds.contains(ineligible), ineligible + " is offered: " + clientIds);
        }

        JsonNode agent = kc.admin("GET", API + "/eligible-clients?search=forms-ag", null).json();
        assertEquals(1, agent.size(), agent.toString());
        assertEquals("68000000-0000-4000-a000-000000000011", agent.get(0).path("id").asText());
        assertEquals("forms-agent", agent.get(0).path("clientId").asText());
        assertEquals("Forms agent", agent.get(0).path("name").asText());
        assertEquals(1, kc.admin("GET", API + "/eligible-clients?search=forms&max=1", null).json().size());
        assertEquals(0, kc.admin("GET", API + "/eligible-clients?search=" + dcrClientId, null).json().size());

        String alice = kc.userToken(REALM, "admin-cli", null, "alice", "alice");
        assertEquals(403, kc.adminAs(alice, "GET", API + "/eligible-clients", null).status(), "needs view-clients");
        assertEquals(400, kc.admin("GET", API + "/eligible-clients?max=0", null).status());
    }

    @Test
    void aSaveThatChangesNothingAnswersTheStoredObjectAndRecordsNothing() throws InterruptedException {
        String u = unique();
        String appId = kc.createResourceApp(REALM, Kc.body("name", "Noop " + u, "audience", "https://noop-" + u + ".forms-it.example",
                "scopes", List.of("read"), "stepUp", Map.of("acrValues", List.of("gold"), "maxAgeSeconds", 600)));
        String connectionId = kc.createConnection(REALM, Kc.body("clientId", "forms-agent", "resourceAppId", appId,
                "clientIdAtResourceApp", "noop-" + u, "scopes", List.of("read"), "requiredGroups", List.of("/engineering"),
                "expiresAt", "2030-01-31T18:00:00Z"));
        awaitChangeRecords(appId, 2);

        JsonNode app = kc.admin("GET", API + "/resource-apps/" + appId, null).json();
        Kc.Response sameApp = kc.admin("PUT", API + "/resource-apps/" + appId, app);
        assertEquals(200, sameApp.status(), sameApp.toString());
        assertEquals(app, sameApp.json());

        JsonNode connection = kc.admin("GET", API + "/connections/" + connectionId, null).json();
        ObjectNode asTheFormSendsIt = connection.deepCopy();
        asTheFormSendsIt.put("description", "");
        Kc.Response sameConnection = kc.admin("PUT", API + "/connections/" + connectionId, asTheFormSendsIt);
        assertEquals(200, sameConnection.status(), sameConnection.toString());
        assertEquals(connection, sameConnection.json(), "the stored connection, updatedAt included");

        // A real change afterwards is recorded: had the no-op saves been, the counts would be one higher.
        assertEquals(200, kc.admin("PUT", API + "/connections/" + connectionId, Map.of("description", "changed")).status());
        assertEquals(3, awaitChangeRecords(appId, 3).size());
        assertEquals(List.of("CREATE", "CREATE", "UPDATE"), adminEvents(appId, connectionId));
    }

    static Map<String, Object> connection(String clientId, String appId, String clientIdAtApp) {
        return Kc.body("clientId", clientId, "resourceAppId", appId, "clientIdAtResourceApp", clientIdAtApp);
    }

    static void assertRefusal(Kc.Response response, int status, String message, String field, String code, Map<String, String> params) {
        assertEquals(status, response.status(), response.toString());
        JsonNode body = response.json();
        assertTrue(body.path("errorMessage").asText().contains(message), "errorMessage keeps its text: " + response);
        assertEquals(field, body.path("field").asText(), response.toString());
        assertEquals(code, body.path("code").asText(), response.toString());
        assertEquals(Kc.JSON.valueToTree(params), body.path("params"), response.toString());
    }

    /** The CONFIG_CHANGED audit records of the app and its connections, waiting briefly for at least {@code atLeast}. */
    static List<JsonNode> awaitChangeRecords(String appId, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Kc.Response records = kc.admin("GET", API + "/audit?type=CONFIG_CHANGED&resourceAppId=" + appId + "&max=100", null);
            assertEquals(200, records.status(), records.toString());
            List<JsonNode> found = StreamSupport.stream(records.json().spliterator(), false).toList();
            if (found.size() >= atLeast || System.nanoTime() > deadline) {
                assertTrue(found.size() >= atLeast, "change records of " + appId + ": " + found);
                return found;
            }
            Thread.sleep(500);
        }
    }

    /** The operations of the realm's admin events on the app and the connection, oldest first. */
    static List<String> adminEvents(String appId, String connectionId) {
        Kc.Response events = kc.admin("GET", "/" + REALM + "/admin-events?first=0&max=5000", null);
        assertEquals(200, events.status(), events.toString());
        List<String> newestFirst = StreamSupport.stream(events.json().spliterator(), false)
                .filter(e -> e.path("resourcePath").asText().endsWith(appId) || e.path("resourcePath").asText().endsWith(connectionId))
                .map(e -> e.path("operationType").asText())
                .toList();
        return java.util.stream.IntStream.range(0, newestFirst.size()).mapToObj(i -> newestFirst.get(newestFirst.size() - 1 - i)).toList();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
