package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.AuditRecord.Outcome;
import io.xaa.keycloak.audit.AuditRecord.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class AuditRecordMappingTest {

    static Event exchange(EventType type, String error, Map<String, String> extra) {
        Event event = new Event();
        event.setType(type);
        event.setTime(1_790_000_000_000L);
        event.setRealmId("realm-1");
        event.setRealmName("acme");
        event.setClientId("agent");
        event.setUserId("user-1");
        event.setSessionId("session-1");
        event.setIpAddress("10.0.0.7");
        event.setError(error);
        Map<String, String> details = new HashMap<>(Map.of("requested_token_type", AuditRecordMapping.ID_JAG,
                "audience", "https://as.example.com", "resource", "https://mcp.example.com/a https://mcp.example.com/b",
                "username", "alice", "xaa_resource_app_id", "app-1", "xaa_scope_requested", "read write"));
        details.putAll(extra);
        event.setDetails(details);
        return event;
    }

    @Test
    void anIssuedIdJagCarriesEveryFieldOfTheDecision() {
        AuditRecord record = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE, null,
                Map.of("token_id", "jti-1", "scope", "read", "xaa_connection_id", "conn-1"))).orElseThrow();
        assertEquals(Type.ID_JAG_ISSUED, record.type());
        assertEquals(Outcome.SUCCESS, record.outcome());
        assertEquals(1_790_000_000_000L, record.time());
        assertEquals("realm-1", record.realmId());
        assertEquals("acme", record.realmName());
        assertEquals("agent", record.clientId());
        assertEquals("user-1", record.userId());
        assertEquals("alice", record.username());
        assertEquals("app-1", record.resourceAppId());
        assertEquals("https://as.example.com", record.audience());
        assertEquals("https://mcp.example.com/a https://mcp.example.com/b", record.resource());
        assertEquals("read write", record.scopeRequested());
        assertEquals("read", record.scopeGranted());
        assertEquals("jti-1", record.jti());
        assertEquals("conn-1", record.connectionId());
        assertEquals("10.0.0.7", record.ipAddress());
        assertEquals("session-1", record.userSessionId());
        assertNull(record.error());
        assertTrue(record.isExchange());
    }

    @ParameterizedTest
    @CsvSource({
            "access_denied, GROUP_REQUIRED, EXCHANGE_REFUSED",
            "invalid_grant, , EXCHANGE_REFUSED",
            "access_denied, CONNECTION_DISABLED, REVOCATION",
            "access_denied, CONNECTION_EXPIRED, REVOCATION",
            "insufficient_user_authentication, STEP_UP, STEP_UP_REQUIRED"})
    void aRefusalIsTypedByItsRule(String error, String rule, Type expected) {
        Map<String, String> details = new HashMap<>(Map.of("reason", "why it was refused"));
        if (rule != null) {
            details.put("xaa_rule", rule);
        }
        AuditRecord record = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE_ERROR, error, details)).orElseThrow();
        assertEquals(expected, record.type());
        assertEquals(Outcome.FAILURE, record.outcome());
        assertEquals(error, record.error());
        assertEquals(rule, record.rule());
        assertEquals("why it was refused", record.reason());
        assertNull(record.jti(), "a refusal issued nothing");
    }

    @Test
    void theSubjectKindIsRecordedWhenTheGrantKnewIt() {
        AuditRecord refused = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE_ERROR, "invalid_request",
                Map.of("xaa_rule", "OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED", "xaa_subject_kind", "offline_token"))).orElseThrow();
        assertEquals("offline_token", refused.subjectKind());
        assertEquals(Type.EXCHANGE_REFUSED, refused.type());
        AuditRecord early = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE_ERROR, "invalid_request", Map.of()))
                .orElseThrow();
        assertNull(early.subjectKind(), "refused before the subject token was read");
    }

    @Test
    void aStepUpRecordsTheAcrRequiredAndActual() {
        AuditRecord record = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE_ERROR, "insufficient_user_authentication",
                Map.of("xaa_rule", "STEP_UP", "xaa_acr_required", "gold", "xaa_acr_actual", "silver"))).orElseThrow();
        assertEquals("gold", record.acrRequired());
        assertEquals("silver", record.acrActual());
    }

    @Test
    void otherExchangesAndOtherEventsAreNotAudited() {
        Event accessToken = exchange(EventType.TOKEN_EXCHANGE, null,
                Map.of("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        assertTrue(AuditRecordMapping.ofExchange(accessToken).isEmpty());
        Event login = exchange(EventType.LOGIN, null, Map.of());
        assertTrue(AuditRecordMapping.ofExchange(login).isEmpty());
    }

    @Test
    void aTokenQuotedInAReasonIsRedacted() {
        String jws = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        AuditRecord record = AuditRecordMapping.ofExchange(exchange(EventType.TOKEN_EXCHANGE_ERROR, "invalid_grant",
                Map.of("reason", "bad token " + jws))).orElseThrow();
        assertEquals("bad token [redacted]", record.reason());
    }

    static AdminEvent admin(String type, OperationType operation, String path, String representation, String before) {
        AdminEvent event = new AdminEvent();
        event.setTime(1_790_000_000_000L);
        event.setRealmId("realm-1");
        event.setRealmName("acme");
        event.setResourceTypeAsString(type);
        event.setOperationType(operation);
        event.setResourcePath(path);
        event.setRepresentation(representation);
        if (before != null) {
            event.setDetails(Map.of(AuditRecordMapping.BEFORE_DETAIL, before));
        }
        AuthDetails auth = new AuthDetails();
        auth.setRealmId("master-id");
        auth.setUserId("admin-1");
        auth.setIpAddress("10.0.0.9");
        event.setAuthDetails(auth);
        return event;
    }

    static final String ENABLED = "{\"id\":\"conn-1\",\"clientId\":\"agent\",\"resourceAppId\":\"app-1\",\"enabled\":true}";
    static final String DISABLED = "{\"id\":\"conn-1\",\"clientId\":\"agent\",\"resourceAppId\":\"app-1\",\"enabled\":false}";

    @Test
    void aConfigurationChangeRecordsWhoWhatBeforeAndAfter() {
        String before = "{\"id\":\"app-1\",\"audience\":\"https://as.example.com\",\"scopes\":[\"read\"]}";
        String after = "{\"id\":\"app-1\",\"audience\":\"https://as.example.com\",\"scopes\":[\"read\",\"write\"]}";
        AuditRecord record = AuditRecordMapping.ofAdminEvent(admin("XAA_RESOURCE_APP", OperationType.UPDATE,
                "cross-app-access/resource-apps/app-1", after, before), "root").orElseThrow();
        assertEquals(Type.CONFIG_CHANGED, record.type());
        assertEquals(Outcome.SUCCESS, record.outcome());
        assertEquals("admin-1", record.userId());
        assertEquals("root", record.username());
        assertEquals("10.0.0.9", record.ipAddress());
        assertEquals("UPDATE", record.operation());
        assertEquals("XAA_RESOURCE_APP", record.resourceType());
        assertEquals("app-1", record.resourceAppId());
        assertEquals("https://as.example.com", record.audience());
        assertEquals(before, record.before());
        assertEquals(after, record.after());
        assertFalse(record.isExchange());
    }

    @Test
    void disablingAConnectionIsARevocation() {
        AuditRecord record = AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.UPDATE,
                "cross-app-access/connections/conn-1", DISABLED, ENABLED), "root").orElseThrow();
        assertEquals(Type.REVOCATION, record.type());
        assertEquals("conn-1", record.connectionId());
        assertEquals("agent", record.clientId());
        assertEquals("app-1", record.resourceAppId());
    }

    @Test
    void reEnablingOrEditingAConnectionIsAChange() {
        assertEquals(Type.CONFIG_CHANGED, AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.UPDATE,
                "cross-app-access/connections/conn-1", ENABLED, DISABLED), "root").orElseThrow().type());
        assertEquals(Type.CONFIG_CHANGED, AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.UPDATE,
                "cross-app-access/connections/conn-1", ENABLED, ENABLED), "root").orElseThrow().type());
        assertEquals(Type.CONFIG_CHANGED, AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.CREATE,
                "cross-app-access/connections/conn-1", DISABLED, null), "root").orElseThrow().type());
    }

    @Test
    void deletingAConnectionIsARevocationWithTheStateItHad() {
        AuditRecord record = AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.DELETE,
                "cross-app-access/connections/conn-1", ENABLED, null), "root").orElseThrow();
        assertEquals(Type.REVOCATION, record.type());
        assertEquals(ENABLED, record.before());
        assertNull(record.after());
    }

    @Test
    void anImportIsOneChangeWithTheWholeConfigurationBefore() {
        AuditRecord record = AuditRecordMapping.ofAdminEvent(admin("XAA_CONNECTION", OperationType.ACTION,
                "cross-app-access/import", "{\"connectionsCreated\":1}", "{\"connections\":[]}"), "root").orElseThrow();
        assertEquals(Type.CONFIG_CHANGED, record.type());
        assertNull(record.connectionId());
        assertEquals("{\"connections\":[]}", record.before());
    }

    @Test
    void otherAdminEventsAreNotAudited() {
        assertTrue(AuditRecordMapping.ofAdminEvent(admin("CLIENT", OperationType.UPDATE, "clients/x", "{}", null), "root").isEmpty());
        AdminEvent failed = admin("XAA_CONNECTION", OperationType.UPDATE, "cross-app-access/connections/conn-1", DISABLED, ENABLED);
        failed.setError("boom");
        assertTrue(AuditRecordMapping.ofAdminEvent(failed, "root").isEmpty());
    }
}
