package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.xaa.keycloak.it.AgentCalls.assertInvalidGrant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The requesting client must still have its session in the user's session (defect 7): a revoked consent
 * ("Remove access" in the Account Console) or a client deleted and re-created under the same clientId ends
 * it, so the agent's ID token, though unexpired and signed, no longer yields an ID-JAG.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientSessionIT {

    static final String REALM = "xaa-client-session";
    static final String AS = "https://as.client-session.example.com";
    static final String ALICE_ID = "c0000000-0000-4000-a000-00000000000a";

    Kc kc;
    AgentCalls agent;
    String app;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        agent = new AgentCalls(kc, REALM, AS);
        kc.createRealm("client-session-it-realm.json");
        app = kc.createResourceApp(REALM, Map.of("name", "App", "audience", AS, "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent-at-as",
                "scopes", List.of("read")));
        connect("agent-recreated");
    }

    @Test
    void revokedConsentEndsTheClientSessionSoTheIdTokenIsRefused() {
        String idToken = agent.idToken("agent", "alice");
        assertEquals(200, agent.exchange("agent", idToken).status(), "control: before the revocation the ID token yields an ID-JAG");

        // What the Account Console's "Remove access" and the admin console's "Revoke" both call (UserConsentManager).
        Kc.Response revoked = kc.admin("DELETE", "/" + REALM + "/users/" + ALICE_ID + "/consents/agent", null);
        assertEquals(204, revoked.status(), revoked.toString());

        assertInvalidGrant(agent.exchange("agent", idToken));
    }

    @Test
    void idTokenOfADeletedClientIsRefusedForItsRecreatedNamesake() {
        String idToken = agent.idToken("agent-recreated", "alice");
        assertEquals(200, agent.exchange("agent-recreated", idToken).status(), "control: the ID token yields an ID-JAG");

        String internalId = internalId("agent-recreated");
        assertEquals(204, kc.admin("DELETE", "/" + REALM + "/clients/" + internalId, null).status());
        Kc.Response created = kc.admin("POST", "/" + REALM + "/clients", Map.of("clientId", "agent-recreated",
                "secret", "agent-recreated-secret", "publicClient", false, "directAccessGrantsEnabled", true));
        assertEquals(201, created.status(), created.toString());
        assertNotEquals(internalId, internalId("agent-recreated"));
        connect("agent-recreated");

        assertInvalidGrant(agent.exchange("agent-recreated", idToken));
        assertEquals(200, agent.exchange("agent-recreated", agent.idToken("agent-recreated", "alice")).status(),
                "a fresh login of the re-created client still works");
    }

    private void connect(String clientId) {
        kc.createConnection(REALM, Map.of("clientId", clientId, "resourceAppId", app, "clientIdAtResourceApp", clientId + "-at-as",
                "scopes", List.of("read")));
    }

    private String internalId(String clientId) {
        JsonNode clients = kc.admin("GET", "/" + REALM + "/clients?clientId=" + clientId, null).json();
        assertEquals(1, clients.size(), clients.toString());
        return clients.get(0).get("id").asText();
    }

}
