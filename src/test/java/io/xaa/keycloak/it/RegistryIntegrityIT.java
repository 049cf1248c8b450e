package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the registry must refuse before anything reaches the database: a merge import that would leave a
 * connection using a resource its app no longer governs (409, nothing written, and the exchange never issues
 * the resource), and step-up policies too long for their columns (400, never a 500 at commit).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIntegrityIT {

    static final String REALM = "xaa-store-it";
    static final String AS = "https://as-store.example.com";
    static final String FILES = "https://mcp-store.example.com/files";
    static final String MAIL = "https://mcp-store.example.com/mail";
    static final String API = "/" + REALM + "/cross-app-access";

    Kc kc;
    String appId;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        kc.createRealm("store-it-realm.json");
        appId = kc.createResourceApp(REALM, Map.of("name", "Store app", "audience", AS, "resources", List.of(FILES, MAIL),
                "scopes", List.of("read")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", appId, "clientIdAtResourceApp", "agent-at-store",
                "scopes", List.of("read"), "resources", List.of(MAIL)));
    }

    @Test
    void mergeImportThatNarrowsAnAppUnderAConnectionIsRefusedAndNothingIsIssuedOutsideTheApp() {
        Map<String, Object> narrowed = Map.of("name", "Store app", "audience", AS, "resources", List.of(FILES), "scopes", List.of("read"));
        Kc.Response imported = kc.admin("POST", API + "/import?mode=merge", Map.of("resourceApps", List.of(narrowed)));

        assertEquals(409, imported.status(), imported.toString());
        assertTrue(imported.json().get("errorMessage").asText().contains(MAIL), imported.toString());
        JsonNode app = kc.admin("GET", API + "/resource-apps/" + appId, null).json();
        assertEquals(List.of(FILES, MAIL), strings(app.get("resources")), "a refused import writes nothing");

        String idToken = kc.password(REALM, "agent", "agent-secret", "alice", "alice", "openid").json().get("id_token").asText();
        Kc.Response exchange = kc.token(REALM, "agent", "agent-secret", Kc.idJagRequest(idToken, AS));
        assertEquals(200, exchange.status(), exchange.toString());
        List<String> governed = strings(kc.admin("GET", API + "/resource-apps/" + appId, null).json().get("resources"));
        assertTrue(governed.contains(Kc.claims(exchange.json().get("access_token").asText()).get("resource").asText()),
                "the ID-JAG names a resource its audience governs: " + exchange);
    }

    @Test
    void stepUpPolicyTooLongForItsColumnIsABadRequest() {
        Map<String, Object> app = Map.of("name", "Long step-up", "audience", "https://as-long.example.com", "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", levels(300)));

        Kc.Response created = kc.admin("POST", API + "/resource-apps", app);

        assertEquals(400, created.status(), created.toString());
        assertEquals("stepUp is too long (at most 1024 characters as stored)", created.json().get("errorMessage").asText());
    }

    @Test
    void perScopeStepUpTooLongForItsColumnIsABadRequestOnUpdate() {
        List<String> scopes = IntStream.range(0, 60).mapToObj(i -> "scope-" + i).toList();
        String id = kc.createResourceApp(REALM, Map.of("name", "Many scopes", "audience", "https://as-many.example.com", "scopes", scopes));
        Map<String, Object> scopeStepUp = new LinkedHashMap<>();
        scopes.forEach(scope -> scopeStepUp.put(scope, Map.of("acrValues", levels(10), "maxAgeSeconds", 600)));

        Kc.Response updated = kc.admin("PUT", API + "/resource-apps/" + id, Map.of("name", "Many scopes",
                "audience", "https://as-many.example.com", "scopes", scopes, "scopeStepUp", scopeStepUp));

        assertEquals(400, updated.status(), updated.toString());
        assertEquals("scopeStepUp is too long (at most 4000 characters as stored)", updated.json().get("errorMessage").asText());
    }

    @Test
    void anAudienceIsUniquePerRealmThroughItsHash() {
        Kc.Response duplicate = kc.admin("POST", API + "/resource-apps", Map.of("name", "Twin", "audience", AS, "scopes", List.of("read")));

        assertEquals(409, duplicate.status(), duplicate.toString());
    }

    private static List<String> levels(int count) {
        return IntStream.range(0, count).mapToObj(Integer::toString).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
