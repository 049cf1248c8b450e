package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.AuditRecord.Outcome;
import io.xaa.keycloak.audit.AuditRecord.Type;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.store.ConnectionsRemoved;
import io.xaa.keycloak.store.ConnectionsRemoved.Cause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ConnectionsRemovedMappingTest {

    static Connection connection(String id, String clientId) {
        return new Connection(id, clientId, "app-1", clientId + "-at-app", List.of("read"), List.of(), List.of(), true,
                null, null, "admin", Instant.EPOCH, "admin", Instant.EPOCH);
    }

    static ConnectionsRemoved removed(Cause cause, Connection... connections) {
        return new ConnectionsRemoved(null, "realm-1", "acme", List.of(connections), cause);
    }

    @Test
    void eachRemovedConnectionIsOneRevocationNamingItsClientAppAndTheAdmin() {
        List<AuditRecord> records = AuditRecordMapping.ofConnectionsRemoved(
                removed(Cause.RESOURCE_APP_DELETED, connection("conn-1", "agent-a"), connection("conn-2", "agent-b")),
                1_790_000_000_000L, "admin-id", "admin", "10.0.0.7");

        assertEquals(2, records.size());
        assertEquals(List.of("conn-1", "conn-2"), records.stream().map(AuditRecord::connectionId).toList());
        assertEquals(List.of("agent-a", "agent-b"), records.stream().map(AuditRecord::clientId).toList());
        assertNotEquals(records.get(0).id(), records.get(1).id());
        for (AuditRecord record : records) {
            assertEquals(Type.REVOCATION, record.type());
            assertEquals(Outcome.SUCCESS, record.outcome());
            assertEquals(1_790_000_000_000L, record.time());
            assertEquals("realm-1", record.realmId());
            assertEquals("acme", record.realmName());
            assertEquals("app-1", record.resourceAppId());
            assertEquals("admin-id", record.userId());
            assertEquals("admin", record.username());
            assertEquals("10.0.0.7", record.ipAddress());
            assertEquals("resource app deleted", record.reason());
            assertEquals("DELETE", record.operation());
            assertEquals(AuditRecordMapping.CONNECTION_EVENT, record.resourceType());
            assertNull(record.error());
            assertNull(record.jti());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "RESOURCE_APP_DELETED, resource app deleted",
            "CLIENT_DELETED, client deleted",
            "REALM_DELETED, realm deleted",
            "REPLACED_BY_IMPORT, replaced by import"})
    void theCauseIsTheReason(Cause cause, String reason) {
        AuditRecord record = AuditRecordMapping.ofConnectionsRemoved(removed(cause, connection("conn-1", "agent-a")),
                0L, "admin-id", "admin", null).get(0);
        assertEquals(reason, record.reason());
    }

    /** A removal outside an admin request (a realm removed by a CLI import) has no actor, and says so. */
    @Test
    void aRemovalWithoutAnAdminHasNoActor() {
        AuditRecord record = AuditRecordMapping.ofConnectionsRemoved(removed(Cause.REALM_DELETED, connection("conn-1", null)),
                0L, null, null, null).get(0);
        assertNull(record.userId());
        assertNull(record.username());
        assertNull(record.clientId(), "the client went first");
        assertEquals("conn-1", record.connectionId());
    }

    @Test
    void nothingRemovedIsNothingRecorded() {
        assertTrue(AuditRecordMapping.ofConnectionsRemoved(removed(Cause.CLIENT_DELETED), 0L, "admin-id", "admin", null).isEmpty());
    }
}
