package io.xaa.keycloak.admin;

import io.xaa.keycloak.audit.AuditRecordMapping;
import io.xaa.keycloak.audit.AuditResource;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.ConnectionChange;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.store.ConnectionQuery;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ConnectionUsage;
import io.xaa.keycloak.store.ImportResult;
import io.xaa.keycloak.store.RegistryException;
import io.xaa.keycloak.store.RegistryValidation;
import io.xaa.keycloak.store.RequiredGroups;
import io.xaa.keycloak.store.ResourceAppQuery;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code /admin/realms/{realm}/cross-app-access}: resource apps, connections, export and import.
 * Reading needs view-clients or view-realm, or, for one client's connections, the right to view that client.
 * A connection is narrowed, disabled or deleted by whoever may manage its requesting client (fine-grained admin
 * permissions apply); creating or widening one needs manage-realm besides. Resource apps and imports need manage-realm.
 * Business rules live in the registry (what may be saved) and the decision point (what may be granted).
 */
public final class CrossAppAccessResource {

    static final String RESOURCE_APP_EVENT = "XAA_RESOURCE_APP";
    static final String CONNECTION_EVENT = "XAA_CONNECTION";
    static final String ISSUANCE_EVENT = "XAA_ISSUANCE";
    static final String USER_BLOCK_EVENT = "XAA_USER_BLOCK";
    private static final int DEFAULT_MAX = 100;
    private static final int LIMIT_MAX = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final ConnectionRegistry registry;
    private final RequiredGroups groups;

    CrossAppAccessResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.registry = session.getProvider(ConnectionRegistry.class);
        this.groups = new RequiredGroups(session, realm);
        refuseNul(session.getContext().getUri());
    }

    /**
     * Every request of the API and its sub-resources passes here: no id in the path may hold U+0000 (Keycloak
     * itself refuses it in query values).
     */
    private static void refuseNul(UriInfo uri) {
        if (Representations.containsNul(uri.getPath())) {
            throw new BadRequestException(Representations.error(Response.Status.BAD_REQUEST, Representations.NUL_REFUSED));
        }
    }

    // ---- resource apps

    @GET
    @Path("resource-apps")
    @Produces(MediaType.APPLICATION_JSON)
    public Response listResourceApps(@QueryParam("first") Integer first, @QueryParam("max") Integer max,
                                     @QueryParam("search") String search, @QueryParam("enabled") Boolean enabled) {
        requireView();
        return answer(() -> registry.resourceApps(realm, new ResourceAppQuery(search, enabled), first(first), max(max))
                .stream().map(ResourceAppRepresentation::of).toList());
    }

    @GET
    @Path("resource-apps/count")
    @Produces(MediaType.APPLICATION_JSON)
    public Response countResourceApps(@QueryParam("search") String search, @QueryParam("enabled") Boolean enabled) {
        requireView();
        return answer(() -> registry.countResourceApps(realm, new ResourceAppQuery(search, enabled)));
    }

    @GET
    @Path("resource-apps/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getResourceApp(@PathParam("id") String id) {
        requireView();
        return answer(() -> ResourceAppRepresentation.of(registry.resourceApp(realm, id).orElseThrow(() -> notFound("resource app"))));
    }

    @POST
    @Path("resource-apps")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createResourceApp(String body) {
        auth.realm().requireManageRealm();
        return created(() -> {
            ResourceApp app = registry.createResourceApp(realm, Representations.read(body, ResourceAppRepresentation.class).toModel(null));
            ResourceAppRepresentation rep = ResourceAppRepresentation.of(app);
            audit(RESOURCE_APP_EVENT, OperationType.CREATE, "resource-apps/" + app.id(), rep);
            return Map.entry("resource-apps/" + app.id(), rep);
        });
    }

    @PUT
    @Path("resource-apps/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateResourceApp(@PathParam("id") String id, String body) {
        auth.realm().requireManageRealm();
        return answer(() -> {
            ResourceAppRepresentation input = Representations.read(body, ResourceAppRepresentation.class);
            requireSameId(id, input.id);
            Optional<ResourceApp> stored = registry.resourceApp(realm, id);
            if (stored.isPresent() && stored.get().equals(input.toModel(id))) {
                return ResourceAppRepresentation.of(stored.get());
            }
            Object before = stored.map(ResourceAppRepresentation::of).orElse(null);
            ResourceAppRepresentation rep = ResourceAppRepresentation.of(registry.updateResourceApp(realm, input.toModel(id)));
            audit(RESOURCE_APP_EVENT, OperationType.UPDATE, "resource-apps/" + id, rep, before);
            return rep;
        });
    }

    @DELETE
    @Path("resource-apps/{id}")
    public Response deleteResourceApp(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        return deleted(() -> {
            ResourceAppRepresentation before = ResourceAppRepresentation.of(registry.resourceApp(realm, id).orElseThrow(() -> notFound("resource app")));
            registry.deleteResourceApp(realm, id);
            audit(RESOURCE_APP_EVENT, OperationType.DELETE, "resource-apps/" + id, before);
        });
    }

    // ---- connections

    @GET
    @Path("connections")
    @Produces(MediaType.APPLICATION_JSON)
    public Response listConnections(@QueryParam("first") Integer first, @QueryParam("max") Integer max,
                                    @QueryParam("search") String search, @QueryParam("clientId") String clientId,
                                    @QueryParam("resourceAppId") String resourceAppId, @QueryParam("enabled") Boolean enabled) {
        requireViewConnectionsOf(clientId);
        return answer(() -> withUsage(registry.connections(realm, new ConnectionQuery(search, clientId, resourceAppId, enabled),
                first(first), max(max))));
    }

    @GET
    @Path("connections/count")
    @Produces(MediaType.APPLICATION_JSON)
    public Response countConnections(@QueryParam("search") String search, @QueryParam("clientId") String clientId,
                                     @QueryParam("resourceAppId") String resourceAppId, @QueryParam("enabled") Boolean enabled) {
        requireViewConnectionsOf(clientId);
        return answer(() -> registry.countConnections(realm, new ConnectionQuery(search, clientId, resourceAppId, enabled)));
    }

    @GET
    @Path("connections/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getConnection(@PathParam("id") String id) {
        return answer(() -> {
            Connection connection = existingConnection(id);
            requireViewConnectionsOf(connection.clientId());
            return withUsage(List.of(connection)).get(0);
        });
    }

    @POST
    @Path("connections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createConnection(String body) {
        return created(() -> {
            ConnectionRepresentation input = Representations.read(body, ConnectionRepresentation.class);
            requireManage(input.clientId);
            requireToolOwner("creating a connection grants its client access to the resource app");
            Connection connection = registry.createConnection(realm, input.toModel(null, groups, List.of()), actor());
            ConnectionRepresentation rep = ConnectionRepresentation.of(connection, groups, ConnectionUsage.NONE);
            audit(CONNECTION_EVENT, OperationType.CREATE, "connections/" + connection.id(), rep);
            return Map.entry("connections/" + connection.id(), rep);
        });
    }

    @PUT
    @Path("connections/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateConnection(@PathParam("id") String id, String body) {
        return answer(() -> {
            Connection existing = existingConnection(id);
            requireManage(existing.clientId());
            ConnectionRepresentation input = ConnectionRepresentation.merged(body, existing, groups);
            requireSameId(id, input.id);
            if (!Objects.equals(existing.clientId(), input.clientId) || !Objects.equals(existing.resourceAppId(), input.resourceAppId)) {
                throw RegistryException.invalid("clientId and resourceAppId of a connection cannot change; create a new connection instead")
                        .on(Objects.equals(existing.clientId(), input.clientId) ? "resourceAppId" : "clientId", "immutable");
            }
            Connection changed = input.toModel(id, groups, existing.requiredGroups());
            if (ConnectionChange.none(existing, changed)) {
                return withUsage(List.of(existing)).get(0);
            }
            List<String> widened = ConnectionChange.widenings(existing, changed);
            if (!widened.isEmpty()) {
                requireToolOwner("this change widens " + String.join("; ", widened));
            }
            ConnectionRepresentation rep = withUsage(List.of(registry.updateConnection(realm, changed, actor()))).get(0);
            audit(CONNECTION_EVENT, OperationType.UPDATE, "connections/" + id, rep, ConnectionRepresentation.of(existing, groups));
            return rep;
        });
    }

    @DELETE
    @Path("connections/{id}")
    public Response deleteConnection(@PathParam("id") String id) {
        return deleted(() -> {
            Connection existing = existingConnection(id);
            requireManage(existing.clientId());
            registry.deleteConnection(realm, id);
            audit(CONNECTION_EVENT, OperationType.DELETE, "connections/" + id, ConnectionRepresentation.of(existing, groups));
        });
    }

    /**
     * {@code GET /eligible-clients}: the clients a connection may name (confidential OIDC, not bearer-only, not
     * dynamically registered), by client id matching {@code search}, for the connection form's picker.
     */
    @GET
    @Path("eligible-clients")
    @Produces(MediaType.APPLICATION_JSON)
    public Response eligibleClients(@QueryParam("search") String search, @QueryParam("max") Integer max) {
        auth.clients().requireView();
        int limit = max(max);
        Stream<ClientModel> clients = search == null || search.isBlank()
                ? realm.getClientsStream()
                : realm.searchClientByClientIdStream(search.trim(), null, null);
        return answer(() -> clients.filter(RegistryValidation::isEligible).limit(limit)
                .map(client -> {
                    Map<String, String> eligible = new LinkedHashMap<>();
                    eligible.put("id", client.getId());
                    eligible.put("clientId", client.getClientId());
                    eligible.put("name", client.getName());
                    return eligible;
                })
                .toList());
    }

    // ---- kill switches

    @GET
    @Path("issuance")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getIssuance() {
        requireView();
        return answer(() -> IssuanceRepresentation.of(registry.issuance(realm)));
    }

    /** {@code {"stopped": true, "reason": …}} stops every ID-JAG of the realm at once; {@code false} resumes. */
    @PUT
    @Path("issuance")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response setIssuance(String body) {
        auth.realm().requireManageRealm();
        return answer(() -> {
            IssuanceRepresentation input = Representations.read(body, IssuanceRepresentation.class);
            if (input.stopped == null) {
                throw RegistryException.invalid("stopped is required").on("stopped", "required");
            }
            IssuanceRepresentation before = IssuanceRepresentation.of(registry.issuance(realm));
            if (input.stopped.equals(before.stopped) && Objects.equals(input.reason, before.reason)) {
                return before;
            }
            IssuanceRepresentation rep = IssuanceRepresentation.of(registry.setIssuance(realm, input.stopped, input.reason, actor()));
            audit(ISSUANCE_EVENT, OperationType.UPDATE, "issuance", rep, before);
            return rep;
        });
    }

    /** The blocked users with their usernames; reading them needs the right to view users. */
    @GET
    @Path("blocked-users")
    @Produces(MediaType.APPLICATION_JSON)
    public Response listBlockedUsers() {
        auth.users().requireView();
        return answer(() -> registry.blockedUsers(realm).stream().map(block -> {
            UserModel user = session.users().getUserById(realm, block.userId());
            return UserBlockRepresentation.of(block, user == null ? null : user.getUsername());
        }).toList());
    }

    /** Blocks ID-JAGs for the user (their login is untouched), or changes the reason of their block. */
    @PUT
    @Path("blocked-users/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response blockUser(@PathParam("userId") String userId, String body) {
        return answer(() -> {
            UserModel user = managedUser(userId);
            UserBlockRepresentation input = Representations.read(body, UserBlockRepresentation.class);
            Optional<UserBlockRepresentation> before = blockOf(user);
            if (before.isPresent() && Objects.equals(input.reason, before.get().reason)) {
                return before.get();
            }
            UserBlockRepresentation rep = UserBlockRepresentation.of(registry.blockUser(realm, user.getId(), input.reason, actor()),
                    user.getUsername());
            audit(USER_BLOCK_EVENT, before.isPresent() ? OperationType.UPDATE : OperationType.CREATE,
                    "blocked-users/" + user.getId(), rep, before.orElse(null));
            return rep;
        });
    }

    @DELETE
    @Path("blocked-users/{userId}")
    public Response unblockUser(@PathParam("userId") String userId) {
        return deleted(() -> {
            UserModel user = managedUser(userId);
            UserBlockRepresentation before = blockOf(user).orElseThrow(() -> notFound("blocked user"));
            registry.unblockUser(realm, user.getId());
            audit(USER_BLOCK_EVENT, OperationType.DELETE, "blocked-users/" + user.getId(), before);
        });
    }

    /**
     * Blocking needs manage-users (or, with fine-grained permissions, the right to manage that user). Only an
     * admin who may manage every user learns that an id names nobody; to others an unknown id is forbidden.
     */
    private UserModel managedUser(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        if (user != null) {
            auth.users().requireManage(user);
            return user;
        }
        auth.users().requireManage();
        throw notFound("user");
    }

    private Optional<UserBlockRepresentation> blockOf(UserModel user) {
        return registry.userBlock(realm, user.getId()).map(block -> UserBlockRepresentation.of(block, user.getUsername()));
    }

    // ---- simulator

    /** {@code /evaluate}: the decision the exchange would make, without issuing anything. */
    @Path("evaluate")
    public PolicySimulatorResource evaluate() {
        requireView();
        return new PolicySimulatorResource(session, realm, auth);
    }

    // ---- policy as code

    @GET
    @Path("export")
    @Produces(MediaType.APPLICATION_JSON)
    public Response export() {
        requireView();
        return answer(() -> RegistryDocumentRepresentation.of(registry.exportConfiguration(realm), groups));
    }

    /** {@code mode=merge} (default) adds and updates; {@code mode=replace} also deletes what the document lacks. */
    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importConfiguration(@QueryParam("mode") String mode, String body) {
        auth.realm().requireManageRealm();
        auth.clients().requireManage();
        return answer(() -> {
            if (mode != null && !mode.equals("merge") && !mode.equals("replace")) {
                throw RegistryException.invalid("mode must be merge or replace");
            }
            RegistryDocumentRepresentation document = Representations.read(body, RegistryDocumentRepresentation.class);
            if (document.blockedUsers != null) {
                auth.users().requireManage();
            }
            RegistryDocumentRepresentation before = RegistryDocumentRepresentation.of(registry.exportConfiguration(realm), groups);
            ImportResult result = registry.importConfiguration(realm, document.toModel(groups), "replace".equals(mode), actor());
            audit(CONNECTION_EVENT, OperationType.ACTION, "import", result, before);
            return result;
        });
    }

    // ---- shared

    /** Representations with their usage figures, read in one query for the whole page. */
    private List<ConnectionRepresentation> withUsage(List<Connection> connections) {
        Map<String, ConnectionUsage> usage = registry.usage(connections.stream().map(Connection::id).toList());
        return connections.stream()
                .map(connection -> ConnectionRepresentation.of(connection, groups, usage.getOrDefault(connection.id(), ConnectionUsage.NONE)))
                .toList();
    }

    private void requireView() {
        if (!canViewAll()) {
            auth.clients().requireView();
        }
    }

    private boolean canViewAll() {
        return auth.clients().canView() || auth.realm().canViewRealm();
    }

    /**
     * Connections are read with the realm-wide view rights, or, for one client's connections, with the right
     * to view that client (fine-grained admin permissions): a delegated client admin sees their clients' own.
     */
    private void requireViewConnectionsOf(String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (!canViewAll() && (client == null || !auth.clients().canView(client))) {
            auth.clients().requireView();
        }
    }

    /** An unknown id is 404 only to those who may see every connection; to others it is as forbidden as any. */
    private Connection existingConnection(String id) {
        return registry.connection(realm, id).orElseThrow(() -> {
            requireView();
            return notFound("connection");
        });
    }

    /** An unknown client is the registry's 400, not a 403, so only existing clients are checked here. */
    private void requireManage(String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client != null) {
            auth.clients().requireManage(client);
        } else {
            auth.clients().requireManage();
        }
    }

    /**
     * Granting or widening a client's access to a resource app is the app owner's decision. FGAP v2 has no
     * permission on our own resource types, so the owner is whoever may manage the realm.
     */
    private void requireToolOwner(String why) {
        if (!auth.realm().canManageRealm()) {
            throw new ForbiddenException(Representations.error(Response.Status.FORBIDDEN,
                    "granting or widening access to a resource app needs manage-realm: " + why));
        }
    }

    private String actor() {
        return auth.adminAuth().getUser().getUsername();
    }

    private void audit(String resourceType, OperationType operation, String path, Object representation) {
        audit(resourceType, operation, path, representation, null);
    }

    /** {@code before}: the state an update or import replaced, for the audit trail's before/after. */
    private void audit(String resourceType, OperationType operation, String path, Object representation, Object before) {
        try {
            adminEvent.resource(resourceType).operation(operation)
                    .resourcePath(CrossAppAccessResourceProviderFactory.ID, path)
                    .representation(representation)
                    .detail(AuditRecordMapping.BEFORE_DETAIL, before == null ? null : JsonSerialization.writeValueAsString(before))
                    .success();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /audit}: the audit trail of exchanges and changes (needs view-events). */
    @Path("audit")
    public AuditResource audit() {
        return new AuditResource(session, realm, auth);
    }

    private static void requireSameId(String pathId, String bodyId) {
        if (bodyId != null && !bodyId.equals(pathId)) {
            throw RegistryException.invalid("the id in the body differs from the id in the path");
        }
    }

    private static int first(Integer first) {
        if (first != null && first < 0) {
            throw new BadRequestException(Representations.error(Response.Status.BAD_REQUEST, "first must not be negative"));
        }
        return first == null ? 0 : first;
    }

    private static int max(Integer max) {
        if (max != null && (max < 1 || max > LIMIT_MAX)) {
            throw new BadRequestException(Representations.error(Response.Status.BAD_REQUEST, "max must be between 1 and " + LIMIT_MAX));
        }
        return max == null ? DEFAULT_MAX : max;
    }

    private static RegistryException notFound(String what) {
        return new RegistryException(RegistryException.Kind.NOT_FOUND, what + " not found");
    }

    private Response answer(Supplier<Object> action) {
        try {
            return Response.ok(action.get(), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (RegistryException e) {
            return error(e);
        }
    }

    private Response created(Supplier<Map.Entry<String, Object>> action) {
        try {
            Map.Entry<String, Object> created = action.get();
            return Response.created(session.getContext().getUri().getBaseUriBuilder()
                            .path("admin/realms/{realm}/cross-app-access").path(created.getKey()).build(realm.getName()))
                    .entity(created.getValue()).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (RegistryException e) {
            return error(e);
        }
    }

    private Response deleted(Runnable action) {
        try {
            action.run();
            return Response.noContent().build();
        } catch (RegistryException e) {
            return error(e);
        }
    }

    /** Refused input changes nothing, even where a write had already begun. */
    private Response error(RegistryException e) {
        session.getTransactionManager().setRollbackOnly();
        Response.Status status = switch (e.kind()) {
            case INVALID -> Response.Status.BAD_REQUEST;
            case CONFLICT -> Response.Status.CONFLICT;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
        };
        return Representations.error(status, e);
    }
}
