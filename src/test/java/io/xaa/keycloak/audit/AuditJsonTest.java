package io.xaa.keycloak.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaa.keycloak.audit.AuditRecord.Outcome;
import io.xaa.keycloak.audit.AuditRecord.Type;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AuditJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static AuditRecord issued() {
        return new AuditRecord("rec-1", 1_790_000_000_123L, "realm-1", "acme", Type.ID_JAG_ISSUED, Outcome.SUCCESS, "agent",
                "user-1", "alice", "app-1", "https://as.example.com", "https://mcp.example.com/a", "read write", "read",
                "jti-1", "conn-1", null, null, null, null, null, "refresh_token", "10.0.0.7", "session-1", null, null, null, null);
    }

    @Test
    void aLineHasTheDocumentedSchemaAndLeavesOutWhatDoesNotApply() throws Exception {
        String line = AuditJson.line(issued());
        assertFalse(line.contains("\n"));
        JsonNode json = JSON.readTree(line);
        List<String> fields = List.of("schemaVersion", "id", "time", "realmId", "realm", "type", "outcome", "clientId", "userId",
                "username", "resourceAppId", "audience", "resource", "scopeRequested", "scopeGranted", "jti", "connectionId",
                "subjectKind", "ipAddress", "userSessionId");
        assertEquals(fields, iterate(json));
        assertEquals(2, json.get("schemaVersion").asInt());
        assertEquals("2026-09-21T14:13:20.123Z", json.get("time").asText());
        assertEquals("ID_JAG_ISSUED", json.get("type").asText());
        assertEquals("SUCCESS", json.get("outcome").asText());
    }

    @Test
    void beforeAndAfterAreEmbeddedAsJsonObjects() throws Exception {
        AuditRecord change = new AuditRecord("rec-2", 0, "realm-1", "acme", Type.REVOCATION, Outcome.SUCCESS, "agent", "admin-1",
                "root", "app-1", null, null, null, null, null, "conn-1", null, null, null, null, null, null, "10.0.0.9", null, "UPDATE",
                "XAA_CONNECTION", "{\"enabled\":true}", "{\"enabled\":false,\"note\":\"line\\nbreak\"}");
        String line = AuditJson.line(change);
        assertFalse(line.contains("\n"), "a newline inside a value stays escaped: one record, one line");
        JsonNode json = JSON.readTree(line);
        assertTrue(json.get("before").get("enabled").asBoolean());
        assertFalse(json.get("after").get("enabled").asBoolean());
        assertEquals("UPDATE", json.get("operation").asText());
    }

    private static List<String> iterate(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
