package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the kill-switch suites ask of a realm: a user's fresh ID token exchanged by the confidential client
 * {@code agent} for an ID-JAG for {@code audience} and {@code resource}, and the shape of a refusal by a switch.
 */
record KillSwitchProbe(Kc kc, String realm, String audience, String resource) {

    /** Imports the realm and lets its {@code agent} reach one resource app with scope {@code read}. */
    static KillSwitchProbe withConnection(Kc kc, String realmFile, String realm, String appName, String audience, String resource,
                                          String clientIdAtApp) {
        kc.createRealm(realmFile);
        String app = kc.createResourceApp(realm, Map.of("name", appName, "audience", audience, "resources", List.of(resource),
                "scopes", List.of("read")));
        kc.createConnection(realm, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", clientIdAtApp,
                "scopes", List.of("read")));
        return new KillSwitchProbe(kc, realm, audience, resource);
    }

    Kc.Response login(String user) {
        return kc.password(realm, "agent", "agent-secret", user, user, "openid");
    }

    Kc.Response exchange(String user) {
        return exchange(user, audience);
    }

    /** For an audience other than the probe's app, without a resource: the store finds no app for it. */
    Kc.Response exchange(String user, String requestedAudience) {
        Kc.Response login = login(user);
        assertEquals(200, login.status(), login.toString());
        Map<String, String> form = Kc.idJagRequest(login.json().get("id_token").asText(), requestedAudience);
        if (requestedAudience.equals(audience)) {
            form.put("resource", resource);
        }
        return kc.token(realm, "agent", "agent-secret", form);
    }

    /** Refused with {@code access_denied}, and the newest refusal record names {@code rule}. */
    void assertRefused(Kc.Response response, String rule) {
        assertRefused(response, rule, "access_denied");
    }

    void assertRefused(Kc.Response response, String rule, String error) {
        assertEquals(400, response.status(), response.toString());
        assertEquals(error, response.error(), response.toString());
        JsonNode record = kc.admin("GET", "/" + realm + "/cross-app-access/audit?type=EXCHANGE_REFUSED&max=1", null).json().get(0);
        assertEquals(rule, record.get("rule").asText(), record.toString());
    }
}
