package io.xaa.keycloak.audit;

/** Filters of the audit API; null means "any". Times are epoch milliseconds, {@code from} inclusive, {@code to} exclusive. */
public record AuditQuery(Long from, Long to, String clientId, String userId, String resourceAppId,
                         AuditRecord.Outcome outcome, AuditRecord.Type type, String jti) {
}
