package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.AuditRecord.Type;
import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.OperationType;

import static io.xaa.keycloak.audit.AuditRecordMappingTest.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A change of either kill switch is a CONFIG_CHANGED record with its before and after, and names no app. */
final class KillSwitchAuditMappingTest {

    @Test
    void stoppingTheRealmIsAConfigChange() {
        AuditRecord record = AuditRecordMapping.ofAdminEvent(admin("XAA_ISSUANCE", OperationType.UPDATE,
                "cross-app-access/issuance", "{\"stopped\":true,\"reason\":\"incident\"}", "{\"stopped\":false}"), "root").orElseThrow();
        assertEquals(Type.CONFIG_CHANGED, record.type());
        assertEquals("XAA_ISSUANCE", record.resourceType());
        assertEquals("{\"stopped\":false}", record.before());
        assertEquals("{\"stopped\":true,\"reason\":\"incident\"}", record.after());
        assertNull(record.resourceAppId());
    }

    @Test
    void aBlockNamesNoResourceAppThoughItsPathEndsInAnId() {
        AuditRecord created = AuditRecordMapping.ofAdminEvent(admin("XAA_USER_BLOCK", OperationType.CREATE,
                "cross-app-access/blocked-users/user-1", "{\"userId\":\"user-1\",\"username\":\"alice\"}", null), "root").orElseThrow();
        assertEquals(Type.CONFIG_CHANGED, created.type());
        assertNull(created.resourceAppId());
        assertNull(created.audience());
        assertNull(created.connectionId());

        AuditRecord lifted = AuditRecordMapping.ofAdminEvent(admin("XAA_USER_BLOCK", OperationType.DELETE,
                "cross-app-access/blocked-users/user-1", "{\"userId\":\"user-1\"}", null), "root").orElseThrow();
        assertEquals(Type.CONFIG_CHANGED, lifted.type(), "lifting a block revokes no connection");
        assertEquals("{\"userId\":\"user-1\"}", lifted.before());
        assertNull(lifted.after());
    }
}
