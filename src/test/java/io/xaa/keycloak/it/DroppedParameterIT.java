package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak removes a form parameter longer than 4,000 characters before the grant runs. The exchange must
 * refuse a request it cannot see whole instead of answering the narrower one that is left (defaults for
 * resource and scope, nothing for authorization_details or requested_subject).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DroppedParameterIT {

    static final String REALM = "grantparams-it";
    static final String AS = "https://as-params.example.com";
    static final String FILES = "https://mcp-params.example.com/files";
    static final String MAIL = "https://mcp-params.example.com/mail";
    /** One character over Keycloak's default limit for a token-request parameter. */
    static final int OVER_LIMIT = 4_001;

    Kc kc;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        kc.createRealm("grantparams-it-realm.json");
        createPolicy(kc);
    }

    /** A resource app with two resources and two scopes, and alice's client connected to all of them; returns the app's id. */
    static String createPolicy(Kc kc) {
        String app = kc.createResourceApp(REALM, Map.of("name", "Params", "audience", AS, "resources", List.of(FILES, MAIL),
                "scopes", List.of("read", "write")));
        kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent-at-params",
                "scopes", List.of("read", "write"), "resources", List.of(FILES, MAIL), "requiredGroups", List.of("/eng")));
        return app;
    }

    static String longValue(String prefix, int length) {
        return prefix + "a".repeat(length - prefix.length());
    }

    Map<String, String> request() {
        Kc.Response login = kc.password(REALM, "agent", "agent-secret", "alice", "alice", "openid");
        assertEquals(200, login.status(), login.toString());
        return Kc.idJagRequest(login.json().get("id_token").asText(), AS);
    }

    Kc.Response exchange(Map<String, String> form) {
        return kc.token(REALM, "agent", "agent-secret", form);
    }

    static void assertTooLong(Kc.Response response, String parameter) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("invalid_request", response.error(), response.toString());
        assertEquals("parameter " + parameter + " exceeds the length this server accepts",
                response.json().path("error_description").asText(), response.toString());
        assertFalse(response.body().contains("access_token"), "a refusal carries no token");
    }

    /** Exchanges with these resource and scope values and expects an ID-JAG for FILES and read. */
    void assertIssuedForFilesRead(String resource, String scope) {
        Map<String, String> form = request();
        form.put("resource", resource);
        form.put("scope", scope);
        Kc.Response response = exchange(form);
        assertEquals(200, response.status(), response.toString());
        JsonNode claims = Kc.claims(response.json().get("access_token").asText());
        assertEquals(FILES, claims.get("resource").asText());
        assertEquals("read", claims.get("scope").asText());
    }

    @Test
    void theSameRequestWithShortValuesIsAnswered() {
        assertIssuedForFilesRead(FILES, "read");
    }

    @Test
    void aResourceOverTheLimitIsRefusedNotAnsweredWithTheConnectionsResources() {
        Map<String, String> form = request();
        form.put("resource", longValue(FILES + "/", OVER_LIMIT));
        assertTooLong(exchange(form), "resource");
    }

    @Test
    void severalResourcesTogetherOverTheLimitAreRefused() {
        List<String[]> pairs = new ArrayList<>(Kc.toPairs(request()));
        pairs.add(new String[]{"resource", longValue(FILES + "/", 2_100)});
        pairs.add(new String[]{"resource", longValue(MAIL + "/", 2_100)});
        assertTooLong(kc.tokenForm(REALM, "agent", "agent-secret", pairs, Map.of()), "resource");
    }

    @Test
    void aScopeOf64KibIsRefusedNotAnsweredWithEveryScope() {
        Map<String, String> form = request();
        form.put("scope", "read " + "x".repeat(64 * 1024));
        assertTooLong(exchange(form), "scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization_details", "requested_subject"})
    void aParameterRefusedWhenShortIsRefusedWhenLong(String parameter) {
        Map<String, String> form = request();
        form.put(parameter, longValue("[{\"type\":\"x\",\"v\":\"", 64 * 1024));
        assertTooLong(exchange(form), parameter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audience", "subject_token_type", "actor_token_type", "subject_issuer", "x_unknown_extension"})
    void anyOtherParameterOverTheLimitIsRefused(String parameter) {
        Map<String, String> form = request();
        form.put(parameter, longValue("https://x.example.com/", OVER_LIMIT));
        assertTooLong(exchange(form), parameter);
    }

    @Test
    void aParameterWhoseNameIsNotPrintableIsRefusedWithoutQuotingIt() {
        Map<String, String> form = request();
        form.put("evil\nname", longValue("v", OVER_LIMIT));
        Kc.Response response = exchange(form);
        assertTooLong(response, "(unprintable name)");
    }

    @Test
    void aRequestedTokenTypeOverTheLimitIssuesNothing() {
        Map<String, String> form = request();
        form.put("requested_token_type", longValue(Kc.ID_JAG, OVER_LIMIT));
        Kc.Response response = exchange(form);
        assertEquals(400, response.status(), response.toString());
        assertFalse(response.body().contains("access_token"), response.toString());
    }

    @Test
    void aSubjectTokenOverItsOwnLimitIsRefusedByKeycloak() {
        Map<String, String> form = request();
        form.put("subject_token", longValue(form.get("subject_token"), 20_001));
        Kc.Response response = exchange(form);
        assertEquals(400, response.status(), response.toString());
        assertEquals("invalid_request", response.error(), response.toString());
        assertFalse(response.body().contains("access_token"), response.toString());
    }

    @Test
    void controlCharactersKeycloakStripsAreNotTakenForADroppedParameter() {
        assertIssuedForFilesRead(FILES + "\u0007", "read\u001b");
    }

    @Test
    void theRefusalIsAudited() {
        Map<String, String> form = request();
        form.put("scope", "read " + "x".repeat(5_000));
        assertTooLong(exchange(form), "scope");
        Kc.Response records = kc.admin("GET", "/" + REALM + "/cross-app-access/audit?clientId=agent&outcome=FAILURE&max=100", null);
        assertEquals(200, records.status(), records.toString());
        boolean found = false;
        for (JsonNode record : records.json()) {
            found |= "invalid_request".equals(record.path("error").asText())
                    && "parameter scope exceeds the length this server accepts".equals(record.path("reason").asText());
        }
        assertTrue(found, records.toString());
    }
}
