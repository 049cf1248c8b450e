package io.xaa.keycloak.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** {@code resource=a&resource=a} asks for {@code a} once: the request, the decision and so the ID-JAG name it once. */
final class RepeatedResourceTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String FILES = "https://mcp.tool.example/files";
    private static final String MAIL = "https://mcp.tool.example/mail";

    @Test
    void aRepeatedResourceIsRequestedOnceInItsFirstPosition() {
        assertEquals(List.of(FILES, MAIL), request(List.of(FILES, MAIL, FILES, MAIL)).resources());
    }

    @Test
    void aRepeatedResourceIsGrantedOnce() {
        ResourceApp app = new ResourceApp("app-1", "Tool", "https://as.tool.example", List.of(FILES, MAIL), List.of("read"),
                120, false, true, null, Map.of(), false, false);
        Connection connection = new Connection("conn-1", "ai-agent", app.id(), "tool-client", List.of("read"), List.of(),
                List.of(), true, null, "test", "admin", NOW, "admin", NOW);
        Decision decision = PolicyDecisionPoint.decide(request(List.of(FILES, FILES)),
                new Policy(Optional.of(app), Optional.of(connection), true, false, false), NOW);
        assertEquals(List.of(FILES), assertInstanceOf(Decision.Issue.class, decision).grantedResources());
    }

    private static ExchangeRequest request(List<String> resources) {
        return new ExchangeRequest("ai-agent", "user-1", Set.of(), "https://as.tool.example", resources, null,
                NOW.plusSeconds(3600), SubjectKind.ID_TOKEN, null, null, Map.of(), Map.of(), new ExchangeRequest.ClientFacts(true, false));
    }
}
