package io.xaa.keycloak.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fuzz oracle itself: what it calls equivalent to an allowed exchange, and what it does not. */
class IdJagRequestModelTest {

    static final String AS = "https://as.example.com";
    static final String FILES = "https://mcp.example.com/files";
    static final String MAIL = "https://mcp.example.com/mail";
    static final String BASIC = "agent:secret";

    final IdJagRequestModel model = new IdJagRequestModel("agent", "secret", AS, List.of("read", "write"), List.of(FILES, MAIL),
            Map.of("id-token", "alice-id"));

    static List<String[]> form(String... extra) {
        List<String[]> form = new ArrayList<>();
        Kc.idJagRequest("id-token", AS).forEach((k, v) -> form.add(new String[]{k, v}));
        for (int i = 0; i < extra.length; i += 2) {
            form.add(new String[]{extra[i], extra[i + 1]});
        }
        return form;
    }

    Optional<IdJagRequestModel.Expected> expect(String basic, String... extra) {
        return model.expect(form(extra), basic);
    }

    @Test
    void noScopeOrResourceMeansTheConnectionsOwn() {
        assertEquals(Optional.of(new IdJagRequestModel.Expected("alice-id", List.of("read", "write"), List.of(FILES, MAIL))), expect(BASIC));
        assertEquals(List.of("read", "write"), expect(BASIC, "scope", "").orElseThrow().scopes(), "an empty value is an omitted one");
    }

    @Test
    void scopesAreNarrowedAndResourcesRepeatedIdenticallyCountOnce() {
        IdJagRequestModel.Expected expected = expect(BASIC, "scope", " read  admin ", "resource", MAIL, "resource", MAIL).orElseThrow();
        assertEquals(List.of("read"), expected.scopes());
        assertEquals(List.of(MAIL), expected.resources());
        assertEquals(List.of("read"), expect(BASIC, "scope", "read ".repeat(800)).orElseThrow().scopes(), "a long scope still asks for read only");
        assertEquals(List.of("write"), expect(BASIC, "scope", "re\u0430d write").orElseThrow().scopes(), "an unknown token is narrowed away");
    }

    @Test
    void controlCharactersAreJudgedAsKeycloakLeavesThem() {
        assertEquals(List.of("read"), expect(BASIC, "scope", "re\u0001ad").orElseThrow().scopes(), "a control character");
        assertEquals(List.of("read"), expect(BASIC, "scope", "read%0a").orElseThrow().scopes(), "a percent-encoded control character as text");
        assertEquals(List.of("read", "write"), expect(BASIC, "scope", "\u0001").orElseThrow().scopes(), "nothing left is an omitted scope");
    }

    @Test
    void unknownParametersAreIgnoredAndPostAuthenticationIsAllowed() {
        assertTrue(expect(BASIC, "Scope", "admin", "x_fuzz", "\u0001").isPresent());
        assertTrue(expect(null, "client_id", "agent", "client_secret", "secret").isPresent());
    }

    @Test
    void nothingElseIsEquivalent() {
        assertTrue(expect(null).isEmpty(), "no client authentication");
        assertTrue(expect("agent:wrong").isEmpty());
        assertTrue(expect(BASIC, "client_id", "agent", "client_secret", "secret").isEmpty(), "two authentication methods");
        assertTrue(expect(BASIC, "scope", "read ".repeat(801)).isEmpty(), "a scope Keycloak drops as too long");
        assertTrue(expect(BASIC, "x_unknown", "x".repeat(4001)).isEmpty(), "any parameter Keycloak drops as too long");
        assertTrue(expect(BASIC, "scope", "admin").isEmpty(), "no scope left");
        assertTrue(expect(BASIC, "scope", "read", "scope", "read").isEmpty(), "scope is single-valued");
        assertTrue(expect(BASIC, "resource", "https://mcp.example.com/other").isEmpty());
        assertTrue(expect(BASIC, "audience", "https://other.example.com").isEmpty());
        assertTrue(expect(BASIC, "actor_token", "id-token").isEmpty());
        assertTrue(expect(BASIC, "authorization_details", "[]").isEmpty());
        assertTrue(expect(BASIC, "grant_type", Kc.TOKEN_EXCHANGE).isEmpty(), "grant_type twice");
        List<String[]> forged = form();
        forged.get(3)[1] = "id-token-altered";
        assertTrue(model.expect(forged, BASIC).isEmpty(), "a subject token the realm did not issue as is");
    }
}
