package io.xaa.keycloak.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one JSON form of a record: the REST API, the JSON Lines export and the log line all use it, so a SIEM
 * sees the same schema everywhere (documented in README, "Audit records"). Null fields are left out.
 */
public final class AuditJson {

    /** Raised when a field is added, renamed or changes meaning. */
    static final int SCHEMA_VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditJson() {
    }

    public static ObjectNode toJson(AuditRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("id", record.id());
        node.put("time", Instant.ofEpochMilli(record.time()).toString());
        put(node, "realmId", record.realmId());
        put(node, "realm", record.realmName());
        node.put("type", record.type().name());
        node.put("outcome", record.outcome().name());
        put(node, "clientId", record.clientId());
        put(node, "userId", record.userId());
        put(node, "username", record.username());
        put(node, "resourceAppId", record.resourceAppId());
        put(node, "audience", record.audience());
        put(node, "resource", record.resource());
        put(node, "scopeRequested", record.scopeRequested());
        put(node, "scopeGranted", record.scopeGranted());
        put(node, "jti", record.jti());
        put(node, "connectionId", record.connectionId());
        put(node, "acrRequired", record.acrRequired());
        put(node, "acrActual", record.acrActual());
        put(node, "error", record.error());
        put(node, "rule", record.rule());
        put(node, "reason", record.reason());
        put(node, "subjectKind", record.subjectKind());
        put(node, "ipAddress", record.ipAddress());
        put(node, "userSessionId", record.userSessionId());
        put(node, "operation", record.operation());
        put(node, "resourceType", record.resourceType());
        putJson(node, "before", record.before());
        putJson(node, "after", record.after());
        return node;
    }

    /** One line of JSON Lines: no line breaks inside (Jackson escapes them in strings). */
    public static String line(AuditRecord record) {
        try {
            return JSON.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Configuration snapshots are JSON already: embed them as objects, not as escaped strings. */
    private static void putJson(ObjectNode node, String field, String json) {
        if (json == null) {
            return;
        }
        try {
            JsonNode tree = JSON.readTree(json);
            node.set(field, tree);
        } catch (JsonProcessingException e) {
            node.put(field, json);
        }
    }
}
