package io.xaa.keycloak.audit;

import io.xaa.keycloak.audit.AuditRecord.Outcome;
import io.xaa.keycloak.audit.AuditRecord.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The record of an ID-JAG request that Keycloak refused while authenticating the client, before our grant ran. */
final class ClientAuthenticationRefusalMappingTest {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

    /** The error event as the token endpoint sends it: the grant type, the client named, no user, no detail of ours. */
    static Event refused(EventType type, String error, String grantType) {
        Event event = AuditRecordMappingTest.exchange(type, error, Map.of());
        event.setUserId(null);
        event.setSessionId(null);
        event.setDetails(new HashMap<>(Map.of("grant_type", grantType)));
        return event;
    }

    @ParameterizedTest
    @CsvSource({
            "client_disabled, client is disabled",
            "client_not_found, client not found",
            "invalid_client_credentials, client authentication failed",
            "invalid_client, client authentication failed"})
    void anIdJagRequestRefusedByClientAuthenticationIsARefusal(String error, String reason) {
        Event event = refused(EventType.TOKEN_EXCHANGE_ERROR, error, TOKEN_EXCHANGE);
        assertTrue(AuditRecordMapping.isClientAuthenticationRefusal(event));
        AuditRecord record = AuditRecordMapping.ofClientAuthenticationRefusal(event, AuditRecordMapping.ID_JAG).orElseThrow();
        assertEquals(Type.EXCHANGE_REFUSED, record.type());
        assertEquals(Outcome.FAILURE, record.outcome());
        assertEquals("agent", record.clientId());
        assertEquals(error, record.error(), "Keycloak's own error: the answer depends on the authenticator");
        assertEquals(reason, record.reason());
        assertNull(record.rule(), "no rule of the decision point decided");
        assertNull(record.userId(), "no user was looked at");
        assertEquals("realm-1", record.realmId());
        assertEquals("acme", record.realmName());
        assertEquals("10.0.0.7", record.ipAddress());
        assertEquals(1_790_000_000_000L, record.time());
        assertTrue(record.isExchange());
    }

    @Test
    void aRequestForAnotherTokenTypeOrNoneIsNotAudited() {
        Event event = refused(EventType.TOKEN_EXCHANGE_ERROR, "client_disabled", TOKEN_EXCHANGE);
        assertTrue(AuditRecordMapping.ofClientAuthenticationRefusal(event, "urn:ietf:params:oauth:token-type:access_token").isEmpty());
        assertTrue(AuditRecordMapping.ofClientAuthenticationRefusal(event, null).isEmpty());
    }

    @Test
    void otherGrantsAndOtherErrorsAreNotClientRefusals() {
        assertFalse(AuditRecordMapping.isClientAuthenticationRefusal(refused(EventType.LOGIN_ERROR, "client_disabled", "password")));
        assertFalse(AuditRecordMapping.isClientAuthenticationRefusal(refused(EventType.TOKEN_EXCHANGE_ERROR, "client_disabled", "password")));
        assertFalse(AuditRecordMapping.isClientAuthenticationRefusal(refused(EventType.TOKEN_EXCHANGE_ERROR, "invalid_token", TOKEN_EXCHANGE)));
        assertTrue(AuditRecordMapping.ofClientAuthenticationRefusal(
                refused(EventType.CLIENT_LOGIN_ERROR, "client_disabled", TOKEN_EXCHANGE), AuditRecordMapping.ID_JAG).isEmpty());
    }

    @Test
    void aRefusalOurGrantRecordedIsNotRecordedTwice() {
        Event event = refused(EventType.TOKEN_EXCHANGE_ERROR, "invalid_client", TOKEN_EXCHANGE);
        event.getDetails().put("requested_token_type", AuditRecordMapping.ID_JAG);
        assertFalse(AuditRecordMapping.isClientAuthenticationRefusal(event), "the grant ran: ofExchange records it");
        assertTrue(AuditRecordMapping.ofExchange(event).isPresent());
    }
}
