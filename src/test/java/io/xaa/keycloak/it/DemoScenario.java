package io.xaa.keycloak.it;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README walkthrough's requests against any Keycloak that holds the demo (acme, tools and the Cross App Access
 * document): the test server ({@code DemoFlowIT}) and the container image ({@code ContainerImageIT}).
 */
public final class DemoScenario {

    public static final String AGENT = "ai-agent";
    public static final String AGENT_SECRET = "ai-agent-secret";
    public static final String AGENT_AT_TOOLS = "ai-agent-at-tools";
    public static final String AGENT_AT_TOOLS_SECRET = "ai-agent-at-tools-secret";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private DemoScenario() {
    }

    /** The user's ID token from acme's password grant (the demo users' passwords are their names). */
    public static String idToken(Kc kc, String user) {
        Kc.Response login = kc.password("acme", AGENT, AGENT_SECRET, user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        return login.json().get("id_token").asText();
    }

    /** The ID-JAG request at acme for tools' authorization server. */
    public static Kc.Response exchange(Kc kc, String idToken, String scope) {
        Map<String, String> form = Kc.idJagRequest(idToken, kc.issuer("tools"));
        form.put("scope", scope);
        return kc.token("acme", AGENT, AGENT_SECRET, form);
    }

    /** The ID-JAG redeemed at tools by Keycloak's own jwt-bearer grant. */
    public static Kc.Response redeem(Kc kc, String idJag) {
        return kc.token("tools", AGENT_AT_TOOLS, AGENT_AT_TOOLS_SECRET, Map.of("grant_type", JWT_BEARER, "assertion", idJag));
    }
}
