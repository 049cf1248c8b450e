package io.xaa.keycloak.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An agent's calls in one test realm whose clients use the secret {@code <clientId>-secret} and whose users'
 * passwords are their usernames: a password-grant login, then the ID-JAG exchange of its ID token.
 */
record AgentCalls(Kc kc, String realm, String audience) {

    String idToken(String clientId, String user) {
        Kc.Response login = kc.password(realm, clientId, clientId + "-secret", user, user, "openid");
        assertEquals(200, login.status(), login.toString());
        return login.json().get("id_token").asText();
    }

    Kc.Response exchange(String clientId, String idToken) {
        return kc.token(realm, clientId, clientId + "-secret", Kc.idJagRequest(idToken, audience));
    }

    static void assertInvalidGrant(Kc.Response response) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("invalid_grant", response.error(), response.toString());
        assertFalse(response.body().contains("access_token"), "a refusal carries no token");
    }
}
