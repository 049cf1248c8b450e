package io.xaa.keycloak.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xaa.keycloak.audit.AuditRecord.Outcome;
import io.xaa.keycloak.audit.AuditRecord.Type;
import io.xaa.keycloak.store.ConnectionsRemoved;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Turns the Keycloak events that the grant and the admin API emit into audit records. Pure: the caller
 * resolves what needs a session (the admin's username).
 */
public final class AuditRecordMapping {

    /** Only exchanges that asked for an ID-JAG are audited; the grant always sets this detail. */
    static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";
    /** The admin-event detail that carries the JSON before an UPDATE or an import (set by the admin API). */
    public static final String BEFORE_DETAIL = "before";
    static final String RESOURCE_APP_EVENT = "XAA_RESOURCE_APP";
    static final String CONNECTION_EVENT = "XAA_CONNECTION";
    static final String ISSUANCE_EVENT = "XAA_ISSUANCE";
    static final String USER_BLOCK_EVENT = "XAA_USER_BLOCK";
    private static final Set<String> RESOURCE_TYPES = Set.of(RESOURCE_APP_EVENT, CONNECTION_EVENT, ISSUANCE_EVENT, USER_BLOCK_EVENT);

    // Detail keys written by io.xaa.keycloak.grant.IdJagTokenExchangeProvider.
    private static final String REQUESTED_TOKEN_TYPE = "requested_token_type";
    private static final String RESOURCE_APP_ID = "xaa_resource_app_id";
    private static final String CONNECTION_ID = "xaa_connection_id";
    private static final String RULE = "xaa_rule";
    private static final String SCOPE_REQUESTED = "xaa_scope_requested";
    private static final String ACR_REQUIRED = "xaa_acr_required";
    private static final String ACR_ACTUAL = "xaa_acr_actual";
    private static final String SUBJECT_KIND = "xaa_subject_kind";

    private static final String STEP_UP_ERROR = "insufficient_user_authentication";
    private static final String TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    /**
     * The errors Keycloak's client authentication puts on the token endpoint's event (AuthenticationProcessor,
     * AuthorizeClientUtil), each with the reason the audit gives. The record keeps Keycloak's error: the answer
     * depends on the authenticator (a wrong secret gets unauthorized_client, a disabled client invalid_client).
     */
    private static final Map<String, String> CLIENT_AUTHENTICATION_ERRORS = Map.of(
            "client_disabled", "client is disabled",
            "client_not_found", "client not found",
            "invalid_client_credentials", "client authentication failed",
            "invalid_client", "client authentication failed");
    private static final Set<String> REVOKING_RULES = Set.of("CONNECTION_DISABLED", "CONNECTION_EXPIRED");
    /** Three base64url segments: a JWS. Reasons are written by us, but a library message could quote a token. */
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRecordMapping() {
    }

    /** The record of an ID-JAG exchange event; empty for every other event. */
    public static Optional<AuditRecord> ofExchange(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        boolean issued = event.getType() == EventType.TOKEN_EXCHANGE;
        if (!ID_JAG.equals(details.get(REQUESTED_TOKEN_TYPE)) || !issued && event.getType() != EventType.TOKEN_EXCHANGE_ERROR) {
            return Optional.empty();
        }
        String rule = details.get(RULE);
        Type type = issued ? Type.ID_JAG_ISSUED : refusalType(event.getError(), rule);
        return Optional.of(new AuditRecord(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(), event.getRealmName(),
                type, issued ? Outcome.SUCCESS : Outcome.FAILURE, event.getClientId(), event.getUserId(), details.get("username"),
                details.get(RESOURCE_APP_ID), details.get("audience"), details.get("resource"), details.get(SCOPE_REQUESTED),
                issued ? details.get("scope") : null, issued ? details.get("token_id") : null, details.get(CONNECTION_ID),
                details.get(ACR_REQUIRED), details.get(ACR_ACTUAL), event.getError(), rule, redact(details.get("reason")),
                details.get(SUBJECT_KIND), event.getIpAddress(), event.getSessionId(), null, null, null, null));
    }

    /**
     * True for an error event of a token exchange that Keycloak refused while authenticating the client, before
     * any grant saw the request: the event then lacks the requested token type, which only the form holds.
     */
    static boolean isClientAuthenticationRefusal(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        return event.getType() == EventType.TOKEN_EXCHANGE_ERROR && !details.containsKey(REQUESTED_TOKEN_TYPE)
                && TOKEN_EXCHANGE_GRANT.equals(details.get("grant_type")) && CLIENT_AUTHENTICATION_ERRORS.containsKey(event.getError());
    }

    /**
     * The record of an ID-JAG request whose client Keycloak refused (disabled, unknown, wrong credentials);
     * empty unless {@code requestedTokenType}, read from the request's form, asked for an ID-JAG. The client is
     * the one the request named: a failed authentication proves nothing about who sent it.
     */
    static Optional<AuditRecord> ofClientAuthenticationRefusal(Event event, String requestedTokenType) {
        if (!isClientAuthenticationRefusal(event) || !ID_JAG.equals(requestedTokenType)) {
            return Optional.empty();
        }
        return Optional.of(new AuditRecord(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(), event.getRealmName(),
                Type.EXCHANGE_REFUSED, Outcome.FAILURE, event.getClientId(), null, null, null, null, null, null, null, null, null,
                null, null, event.getError(), null, CLIENT_AUTHENTICATION_ERRORS.get(event.getError()), null, event.getIpAddress(),
                null, null, null, null, null));
    }

    private static Type refusalType(String error, String rule) {
        if (STEP_UP_ERROR.equals(error) || "STEP_UP".equals(rule)) {
            return Type.STEP_UP_REQUIRED;
        }
        // A connection that was disabled or has expired is a revocation taking effect at use.
        return rule != null && REVOKING_RULES.contains(rule) ? Type.REVOCATION : Type.EXCHANGE_REFUSED;
    }

    /**
     * The record of a change made through the Cross App Access admin API; empty for every other admin event.
     * A connection that is deleted, or updated from enabled to disabled, is a REVOCATION.
     */
    public static Optional<AuditRecord> ofAdminEvent(AdminEvent event, String actorUsername) {
        if (!isCrossAppAccess(event)) {
            return Optional.empty();
        }
        String resourceType = event.getResourceTypeAsString();
        OperationType operation = event.getOperationType();
        String before = event.getDetails() == null ? null : event.getDetails().get(BEFORE_DETAIL);
        String after = event.getRepresentation();
        if (operation == OperationType.DELETE) {
            before = after;
            after = null;
        }
        String path = event.getResourcePath() == null ? "" : event.getResourcePath();
        String id = path.contains("/") && operation != OperationType.ACTION ? path.substring(path.lastIndexOf('/') + 1) : null;
        boolean connection = CONNECTION_EVENT.equals(resourceType);
        boolean resourceApp = RESOURCE_APP_EVENT.equals(resourceType);
        JsonNode state = tree(after != null ? after : before);
        String connectionId = connection ? id : null;
        // A kill switch names no app: the blocked user's id in the path is not an app's.
        String resourceAppId = connection ? text(state, "resourceAppId") : resourceApp ? id : null;
        Type type = connection && id != null && isRevocation(operation, tree(before), tree(after)) ? Type.REVOCATION : Type.CONFIG_CHANGED;
        var auth = event.getAuthDetails();
        return Optional.of(new AuditRecord(UUID.randomUUID().toString(), event.getTime(), event.getRealmId(), event.getRealmName(),
                type, Outcome.SUCCESS, connection ? text(state, "clientId") : null, auth == null ? null : auth.getUserId(),
                actorUsername, resourceAppId, resourceApp ? text(state, "audience") : null, null, null, null, null, connectionId,
                null, null, null, null, null, null, auth == null ? null : auth.getIpAddress(), null, operation.name(), resourceType,
                before, after));
    }

    /**
     * One REVOCATION per connection removed with its resource app, client or realm, or by a replace import;
     * the cause is the reason. The actor is whoever's request removed it, null outside an admin request.
     */
    static List<AuditRecord> ofConnectionsRemoved(ConnectionsRemoved removed, long time, String actorId,
                                                  String actorUsername, String ipAddress) {
        return removed.connections().stream().map(connection -> new AuditRecord(UUID.randomUUID().toString(), time,
                removed.realmId(), removed.realmName(), Type.REVOCATION, Outcome.SUCCESS, connection.clientId(), actorId,
                actorUsername, connection.resourceAppId(), null, null, null, null, null, connection.id(), null, null, null,
                null, removed.cause().reason(), null, ipAddress, null, OperationType.DELETE.name(), CONNECTION_EVENT, null, null)).toList();
    }

    /** A successful change of a resource app, a connection or a kill switch. */
    public static boolean isCrossAppAccess(AdminEvent event) {
        return RESOURCE_TYPES.contains(event.getResourceTypeAsString()) && event.getError() == null;
    }

    private static boolean isRevocation(OperationType operation, JsonNode before, JsonNode after) {
        if (operation == OperationType.DELETE) {
            return true;
        }
        return operation == OperationType.UPDATE && enabled(before) && !enabled(after);
    }

    /** A connection without "enabled" is enabled (the admin API's default). */
    private static boolean enabled(JsonNode connection) {
        return connection == null || connection.path("enabled").asBoolean(true);
    }

    private static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }

    static String redact(String text) {
        return text == null ? null : JWS.matcher(text).replaceAll("[redacted]");
    }
}
