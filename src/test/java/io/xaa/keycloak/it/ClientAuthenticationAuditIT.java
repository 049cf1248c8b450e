package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An ID-JAG request whose client Keycloak refuses before our grant runs (unknown client, wrong secret; the
 * disabled client is a path of RevocationPathsIT) leaves an audit record; any other request refused the same way
 * leaves none, and the secret that failed is written nowhere.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAuthenticationAuditIT {

    static final String REALM = "killconsole-auth-it";
    static final String API = "/" + REALM + "/cross-app-access";
    static final String AS = "https://as-auth.example.com";
    static final String FILES = "https://mcp-auth.example.com/files";
    static final String WRONG_SECRET = "wrong-secret-6d0f3a";

    Kc kc;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        kc.createRealm("killconsole-auth-it-realm.json");
        String app = kc.createResourceApp(REALM, Map.of("name", "Auth", "audience", AS, "resources", List.of(FILES),
                "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent-at-auth",
                "scopes", List.of("read")));
    }

    Map<String, String> idJagRequest() {
        Kc.Response login = kc.password(REALM, "agent", "agent-secret", "alice", "alice", "openid");
        assertEquals(200, login.status(), login.toString());
        Map<String, String> form = Kc.idJagRequest(login.json().get("id_token").asText(), AS);
        form.put("resource", FILES);
        return form;
    }

    JsonNode refusals(String clientId) {
        Kc.Response response = kc.admin("GET", API + "/audit?outcome=FAILURE&clientId=" + clientId, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    /** Keycloak answers a wrong secret unauthorized_client, an unknown client invalid_client; both 401. */
    void assertRefusedClient(Kc.Response response, String error) {
        assertEquals(401, response.status(), response.toString());
        assertEquals(error, response.error(), response.toString());
    }

    @Test
    void aWrongSecretOnAnIdJagRequestIsRecordedWithoutTheSecret() throws IOException {
        Map<String, String> form = idJagRequest();
        assertEquals(200, kc.token(REALM, "agent", "agent-secret", form).status(), "control: the right secret gets an ID-JAG");

        assertRefusedClient(kc.token(REALM, "agent", WRONG_SECRET, form), "unauthorized_client");
        JsonNode records = refusals("agent");
        assertEquals(1, records.size(), records.toString());
        JsonNode record = records.get(0);
        assertEquals("EXCHANGE_REFUSED", record.path("type").asText(), record.toString());
        assertEquals("FAILURE", record.path("outcome").asText());
        assertEquals("invalid_client_credentials", record.path("error").asText(), "Keycloak's error");
        assertEquals("client authentication failed", record.path("reason").asText());
        assertFalse(record.toString().contains(WRONG_SECRET), "the record holds no secret");
        assertFalse(Files.readString(kc.server().log()).contains(WRONG_SECRET), "the log holds no secret");
    }

    @Test
    void anUnknownClientAskingForAnIdJagIsRecordedUnderTheNameItGave() {
        assertRefusedClient(kc.token(REALM, "ghost-agent", "ghost-secret", idJagRequest()), "invalid_client");
        JsonNode records = refusals("ghost-agent");
        assertEquals(1, records.size(), records.toString());
        assertEquals("client_not_found", records.get(0).path("error").asText(), records.toString());
        assertEquals("client not found", records.get(0).path("reason").asText(), records.toString());
    }

    @Test
    void otherRequestsRefusedTheSameWayAreNotRecorded() {
        Map<String, String> accessToken = idJagRequest();
        accessToken.put("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
        assertRefusedClient(kc.token(REALM, "other-agent", "x", accessToken), "invalid_client");
        assertRefusedClient(kc.password(REALM, "other-agent", "x", "alice", "alice", "openid"), "invalid_client");
        assertEquals(0, refusals("other-agent").size());
    }
}
