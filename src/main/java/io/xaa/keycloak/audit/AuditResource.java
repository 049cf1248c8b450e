package io.xaa.keycloak.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.xaa.keycloak.audit.jpa.JpaAuditStore;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/cross-app-access/audit}: the realm's audit records, newest first, with
 * filters, paging, a count and a JSON Lines export. Reading needs view-events, as Keycloak's own events do.
 */
public final class AuditResource {

    static final String JSON_LINES = "application/jsonl";
    private static final int DEFAULT_MAX = 100;
    private static final int LIMIT_MAX = 1000;
    /** The export reads the table in pages of this size, each in a short transaction of its own. */
    private static final int EXPORT_PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;

    public AuditResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        auth.realm().requireViewEvents();
        this.session = session;
        this.realm = realm;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("clientId") String clientId,
                         @QueryParam("userId") String userId, @QueryParam("resourceAppId") String resourceAppId,
                         @QueryParam("outcome") String outcome, @QueryParam("type") String type, @QueryParam("jti") String jti,
                         @QueryParam("first") Integer first, @QueryParam("max") Integer max) {
        AuditQuery query = query(from, to, clientId, userId, resourceAppId, outcome, type, jti);
        ArrayNode records = JSON.createArrayNode();
        new JpaAuditStore(session).find(realm.getId(), query, first(first), max(max)).forEach(r -> records.add(AuditJson.toJson(r)));
        try {
            return Response.ok(JSON.writeValueAsString(records), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("count")
    @Produces(MediaType.APPLICATION_JSON)
    public Response count(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("clientId") String clientId,
                          @QueryParam("userId") String userId, @QueryParam("resourceAppId") String resourceAppId,
                          @QueryParam("outcome") String outcome, @QueryParam("type") String type, @QueryParam("jti") String jti) {
        AuditQuery query = query(from, to, clientId, userId, resourceAppId, outcome, type, jti);
        return Response.ok(new JpaAuditStore(session).count(realm.getId(), query), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * Every matching record, oldest first, one JSON object per line. Streamed: the response is written after
     * the request's transaction has ended, so each page is read in a transaction of its own.
     */
    @GET
    @Path("export")
    @Produces(JSON_LINES)
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("clientId") String clientId,
                           @QueryParam("userId") String userId, @QueryParam("resourceAppId") String resourceAppId,
                           @QueryParam("outcome") String outcome, @QueryParam("type") String type, @QueryParam("jti") String jti) {
        AuditQuery query = query(from, to, clientId, userId, resourceAppId, outcome, type, jti);
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        StreamingOutput body = out -> {
            for (int first = 0; ; first += EXPORT_PAGE) {
                int offset = first;
                List<AuditRecord> page = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        inner -> new JpaAuditStore(inner).findAscending(realmId, query, offset, EXPORT_PAGE));
                write(out, page);
                if (page.size() < EXPORT_PAGE) {
                    return;
                }
            }
        };
        return Response.ok(body, JSON_LINES)
                .header("Content-Disposition", "attachment; filename=\"xaa-audit-" + realm.getName() + ".jsonl\"").build();
    }

    private static void write(OutputStream out, List<AuditRecord> page) {
        try {
            for (AuditRecord record : page) {
                out.write((AuditJson.line(record) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditQuery query(String from, String to, String clientId, String userId, String resourceAppId,
                                    String outcome, String type, String jti) {
        return new AuditQuery(time(from, "from"), time(to, "to"), blankToNull(clientId), blankToNull(userId),
                blankToNull(resourceAppId), constant(AuditRecord.Outcome.class, outcome, "outcome"),
                constant(AuditRecord.Type.class, type, "type"), blankToNull(jti));
    }

    /** ISO-8601 with an offset, as the rest of the admin API ("2027-01-31T18:00:00Z"). */
    private static Long time(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 date-time with offset, e.g. 2027-01-31T18:00:00Z");
        }
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badRequest(name + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int first(Integer first) {
        if (first != null && first < 0) {
            throw badRequest("first must not be negative");
        }
        return first == null ? 0 : first;
    }

    private static int max(Integer max) {
        if (max != null && (max < 1 || max > LIMIT_MAX)) {
            throw badRequest("max must be between 1 and " + LIMIT_MAX);
        }
        return max == null ? DEFAULT_MAX : max;
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(Response.status(Response.Status.BAD_REQUEST).entity(Map.of("errorMessage", message))
                .type(MediaType.APPLICATION_JSON_TYPE).build());
    }
}
