package io.xaa.keycloak.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * U+0000 in an id, a query value or a JSON body is a 400 on every database. PostgreSQL refuses it in any text
 * parameter and ends the transaction, so before the admin API refused it itself, an id or a body holding it was a 500 there.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NulCharacterIT {

    static final String BASE = "/" + DatabaseUpgradeIT.REALM + "/cross-app-access";
    static final String NUL = URLEncoder.encode("\u0000", StandardCharsets.UTF_8);

    Kc kc;

    @BeforeAll
    void createRealm(Kc kc) {
        this.kc = kc;
        kc.createRealm("dbupgrade-it-realm.json");
    }

    static void assertRefused(Kc.Response response) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("text must not contain the NUL character (U+0000)", response.json().path("errorMessage").asText(), response.toString());
    }

    @Test
    void inAnIdOfThePath() {
        assertRefused(kc.admin("GET", BASE + "/connections/a" + NUL, null));
        assertRefused(kc.admin("DELETE", BASE + "/resource-apps/a" + NUL, null));
    }

    /** Keycloak refuses it in a query value before any resource runs. */
    @Test
    void inAQueryValue() {
        assertEquals(400, kc.admin("GET", BASE + "/resource-apps?search=a" + NUL, null).status());
        assertEquals(400, kc.admin("GET", BASE + "/audit?clientId=a" + NUL, null).status());
    }

    @Test
    void inAJsonBody() {
        assertRefused(kc.admin("POST", BASE + "/resource-apps", Map.of("name", "a\u0000", "audience", "https://as-nul.dbupgrade-it.example.com",
                "scopes", List.of("read"))));
        assertRefused(kc.admin("POST", BASE + "/evaluate", Map.of("clientId", "agent\u0000", "audience", "https://as-nul.example.com")));
        assertEquals(0, kc.admin("GET", BASE + "/resource-apps/count?search=as-nul", null).json().asLong());
    }
}
