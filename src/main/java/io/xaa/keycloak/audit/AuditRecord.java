package io.xaa.keycloak.audit;

/**
 * One audited decision: an exchange (issued or refused) or a change of the configuration. Never holds a
 * token, an assertion or a secret: only identifiers, names and the decision. Fields that do not apply are null.
 *
 * @param time           epoch milliseconds
 * @param clientId       exchanges: the requesting client; configuration: the connection's requesting client
 * @param userId         exchanges: the user; configuration: the admin who made the change
 * @param resource       requested (exchanges) or governed resources, space-separated
 * @param rule           the decision point's rule that refused ({@code io.xaa.keycloak.policy.Refusal} name, or STEP_UP)
 * @param subjectKind    exchanges: what the client presented as the user's proof ({@code io.xaa.keycloak.policy.SubjectKind}
 *                       value), once it was known
 * @param operation      configuration: CREATE, UPDATE, DELETE or ACTION (an import)
 * @param resourceType   configuration: XAA_RESOURCE_APP, XAA_CONNECTION, XAA_ISSUANCE or XAA_USER_BLOCK
 * @param before         configuration: the JSON before the change (null for CREATE)
 * @param after          configuration: the JSON after the change (null for DELETE)
 */
public record AuditRecord(String id, long time, String realmId, String realmName, Type type, Outcome outcome,
                          String clientId, String userId, String username, String resourceAppId, String audience,
                          String resource, String scopeRequested, String scopeGranted, String jti, String connectionId,
                          String acrRequired, String acrActual, String error, String rule, String reason, String subjectKind,
                          String ipAddress, String userSessionId, String operation, String resourceType,
                          String before, String after) {

    public enum Type {
        ID_JAG_ISSUED, EXCHANGE_REFUSED, STEP_UP_REQUIRED, CONFIG_CHANGED, REVOCATION
    }

    /** SUCCESS: an ID-JAG was issued or a change was saved; FAILURE: an exchange was refused. */
    public enum Outcome {
        SUCCESS, FAILURE
    }

    /** True for records of a token exchange, as opposed to a change made through the admin API. */
    public boolean isExchange() {
        return operation == null;
    }
}
