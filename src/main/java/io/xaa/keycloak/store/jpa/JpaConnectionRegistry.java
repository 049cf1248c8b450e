package io.xaa.keycloak.store.jpa;

import com.fasterxml.jackson.core.type.TypeReference;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.Policy;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;
import io.xaa.keycloak.store.ConnectionQuery;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ConnectionUsage;
import io.xaa.keycloak.store.ConnectionsRemoved;
import io.xaa.keycloak.store.ImportResult;
import io.xaa.keycloak.store.IssuanceSetting;
import io.xaa.keycloak.store.UserBlock;
import io.xaa.keycloak.store.RegistryDocument;
import io.xaa.keycloak.store.RegistryException;
import io.xaa.keycloak.store.RegistryValidation;
import io.xaa.keycloak.store.ResourceAppQuery;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

final class JpaConnectionRegistry implements ConnectionRegistry {

    /** Hibernate's hint (hibernate-core is not on the compile path): entities loaded read-only are never dirty-checked. */
    private static final String READ_ONLY = "org.hibernate.readOnly";
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final TypeReference<StepUp> STEP_UP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, StepUp>> SCOPE_STEP_UP = new TypeReference<>() {
    };

    private final KeycloakSession session;
    private final EntityManager em;
    private final RegistryValidation validation;
    private final KillSwitchStore killSwitches;

    JpaConnectionRegistry(KeycloakSession session, EntityManager em) {
        this.session = session;
        this.em = em;
        this.validation = new RegistryValidation(session);
        this.killSwitches = new KillSwitchStore(em);
    }

    // ---- resource apps

    @Override
    public List<ResourceApp> resourceApps(RealmModel realm, ResourceAppQuery query, int first, int max) {
        return appQuery(realm, query, "select a", " order by lower(a.name), a.id", ResourceAppEntity.class)
                .setFirstResult(first).setMaxResults(max)
                .getResultStream().map(JpaConnectionRegistry::toModel).toList();
    }

    @Override
    public long countResourceApps(RealmModel realm, ResourceAppQuery query) {
        return appQuery(realm, query, "select count(a)", "", Long.class).getSingleResult();
    }

    private <T> TypedQuery<T> appQuery(RealmModel realm, ResourceAppQuery query, String select, String order, Class<T> type) {
        StringBuilder jpql = new StringBuilder(select).append(" from ResourceAppEntity a where a.realmId = :realmId");
        Map<String, Object> params = new HashMap<>();
        params.put("realmId", realm.getId());
        if (query.search() != null && !query.search().isBlank()) {
            jpql.append(" and (lower(a.name) like :search or lower(a.audience) like :search)");
            params.put("search", like(query.search()));
        }
        if (query.enabled() != null) {
            jpql.append(" and a.enabled = :enabled");
            params.put("enabled", query.enabled());
        }
        TypedQuery<T> typed = em.createQuery(jpql.append(order).toString(), type);
        params.forEach(typed::setParameter);
        return typed;
    }

    @Override
    public Optional<ResourceApp> resourceApp(RealmModel realm, String id) {
        return appEntity(realm, id).map(JpaConnectionRegistry::toModel);
    }

    private Optional<ResourceAppEntity> appEntity(RealmModel realm, String id) {
        ResourceAppEntity entity = id == null ? null : em.find(ResourceAppEntity.class, id);
        return entity != null && entity.getRealmId().equals(realm.getId()) ? Optional.of(entity) : Optional.empty();
    }

    private Optional<ResourceAppEntity> appEntityByAudience(RealmModel realm, String audience) {
        return em.createNamedQuery("xaaResourceAppByAudience", ResourceAppEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("audienceHash", AudienceHash.of(audience))
                .setParameter("audience", audience)
                .getResultStream().findFirst();
    }

    @Override
    public ResourceApp createResourceApp(RealmModel realm, ResourceApp app) {
        validation.checkResourceApp(realm, app);
        requireFreeAudience(realm, app.audience(), null);
        ResourceAppEntity entity = new ResourceAppEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        copy(app, entity);
        em.persist(entity);
        return toModel(entity);
    }

    @Override
    public ResourceApp updateResourceApp(RealmModel realm, ResourceApp app) {
        ResourceAppEntity entity = appEntity(realm, app.id()).orElseThrow(() -> notFound("resource app"));
        validation.checkResourceApp(realm, app);
        requireFreeAudience(realm, app.audience(), app.id());
        requireConnectionsStillFit(realm, app);
        copy(app, entity);
        return toModel(entity);
    }

    private void requireFreeAudience(RealmModel realm, String audience, String ownId) {
        appEntityByAudience(realm, audience)
                .filter(other -> !other.getId().equals(ownId))
                .ifPresent(other -> {
                    throw RegistryException.conflict("another resource app already has the audience " + audience)
                            .on("audience", "audienceTaken", Map.of("audience", audience, "resourceApp", other.getName(), "resourceAppId", other.getId()));
                });
    }

    /** Narrowing an app's scopes or resources must not leave a connection granting what the app no longer offers. */
    private void requireConnectionsStillFit(RealmModel realm, ResourceApp app) {
        for (ConnectionEntity connection : connectionEntitiesOfApp(app.id())) {
            List<String> extraScopes = new ArrayList<>(read(connection.getScopes()));
            extraScopes.removeAll(app.scopes());
            List<String> extraResources = new ArrayList<>(read(connection.getResources()));
            extraResources.removeAll(app.resources());
            if (!extraScopes.isEmpty() || !extraResources.isEmpty()) {
                ClientModel client = session.clients().getClientById(realm, connection.getClientUuid());
                throw RegistryException.conflict("connection " + connection.getId() + " still uses "
                                + String.join(" ", concat(extraScopes, extraResources)) + "; change that connection first")
                        .on(extraScopes.isEmpty() ? "resources" : "scopes", "connectionStillUses", Map.of(
                                "connectionId", connection.getId(),
                                "clientId", client == null ? connection.getClientUuid() : client.getClientId(),
                                "values", String.join(" ", extraScopes.isEmpty() ? extraResources : extraScopes)));
            }
        }
    }

    @Override
    public boolean deleteResourceApp(RealmModel realm, String id) {
        Optional<ResourceAppEntity> entity = appEntity(realm, id);
        entity.ifPresent(app -> {
            deleteConnections(realm, em.createNamedQuery("xaaConnectionIdsByApp", String.class)
                    .setParameter("resourceAppId", app.getId()).getResultList(), ConnectionsRemoved.Cause.RESOURCE_APP_DELETED);
            em.remove(app);
        });
        return entity.isPresent();
    }

    // ---- connections

    @Override
    public List<Connection> connections(RealmModel realm, ConnectionQuery query, int first, int max) {
        Optional<TypedQuery<ConnectionEntity>> typed = connectionQuery(realm, query, "select c", " order by c.createdAt, c.id", ConnectionEntity.class);
        if (typed.isEmpty()) {
            return List.of();
        }
        List<ConnectionEntity> entities = typed.get().setFirstResult(first).setMaxResults(max).getResultList();
        return toModels(realm, entities);
    }

    @Override
    public long countConnections(RealmModel realm, ConnectionQuery query) {
        return connectionQuery(realm, query, "select count(c)", "", Long.class).map(TypedQuery::getSingleResult).orElse(0L);
    }

    /** Empty when the filter names a client that does not exist: nothing can match. */
    private <T> Optional<TypedQuery<T>> connectionQuery(RealmModel realm, ConnectionQuery query, String select, String order, Class<T> type) {
        StringBuilder jpql = new StringBuilder(select)
                .append(" from ConnectionEntity c, ResourceAppEntity a where a.id = c.resourceAppId and c.realmId = :realmId");
        Map<String, Object> params = new HashMap<>();
        params.put("realmId", realm.getId());
        if (query.clientId() != null) {
            ClientModel client = realm.getClientByClientId(query.clientId());
            if (client == null) {
                return Optional.empty();
            }
            jpql.append(" and c.clientUuid = :clientUuid");
            params.put("clientUuid", client.getId());
        }
        if (query.resourceAppId() != null) {
            jpql.append(" and c.resourceAppId = :resourceAppId");
            params.put("resourceAppId", query.resourceAppId());
        }
        if (query.enabled() != null) {
            jpql.append(" and c.enabled = :enabled");
            params.put("enabled", query.enabled());
        }
        if (query.search() != null && !query.search().isBlank()) {
            jpql.append(" and (lower(a.name) like :search or lower(c.clientIdAtResourceApp) like :search"
                    + " or lower(c.description) like :search or c.clientUuid in :searchClients)");
            params.put("search", like(query.search()));
            params.put("searchClients", clientsMatching(realm, query.search()));
        }
        TypedQuery<T> typed = em.createQuery(jpql.append(order).toString(), type);
        params.forEach(typed::setParameter);
        return Optional.of(typed);
    }

    /** Client ids are Keycloak's, so the search asks Keycloak; the id placeholder keeps the IN list non-empty. */
    private List<String> clientsMatching(RealmModel realm, String search) {
        List<String> ids = new ArrayList<>(realm.searchClientByClientIdStream(search, 0, 1000).map(ClientModel::getId).toList());
        ids.add("-");
        return ids;
    }

    @Override
    public Optional<Connection> connection(RealmModel realm, String id) {
        return connectionEntity(realm, id).map(entity -> toModels(realm, List.of(entity)).get(0));
    }

    private Optional<ConnectionEntity> connectionEntity(RealmModel realm, String id) {
        ConnectionEntity entity = id == null ? null : em.find(ConnectionEntity.class, id);
        return entity != null && entity.getRealmId().equals(realm.getId()) ? Optional.of(entity) : Optional.empty();
    }

    /** The client's connection to the app; there is at most one (unique key). */
    private Optional<ConnectionEntity> connectionEntity(RealmModel realm, ClientModel client, String resourceAppId) {
        return em.createNamedQuery("xaaConnectionByClientAndApp", ConnectionEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientUuid", client.getId())
                .setParameter("resourceAppId", resourceAppId)
                .getResultStream().findFirst();
    }

    private boolean hasConnections(RealmModel realm, ClientModel client) {
        return em.createNamedQuery("xaaConnectionCountByClient", Long.class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientUuid", client.getId())
                .getSingleResult() > 0;
    }

    /**
     * One query on the path of an ID-JAG that is issued; the reads of a refusal (an unknown audience, no connection) come
     * after it. Read-only: nothing it loads is dirty-checked when the exchange's audit record is flushed.
     */
    @Override
    public Policy policy(RealmModel realm, ClientModel client, String userId, String audience) {
        Optional<Object[]> row = em.createNamedQuery("xaaPolicy", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientUuid", client.getId())
                .setParameter("userId", userId)
                .setParameter("audienceHash", AudienceHash.of(audience))
                .setParameter("audience", audience)
                .setHint(READ_ONLY, true)
                .getResultList().stream().findFirst();
        if (row.isEmpty()) {
            return new Policy(Optional.empty(), Optional.empty(), hasConnections(realm, client),
                    killSwitches.stopped(realm.getId()), killSwitches.blocked(realm.getId(), userId));
        }
        ResourceAppEntity app = (ResourceAppEntity) row.get()[0];
        Optional<Connection> connection = Optional.ofNullable((ConnectionEntity) row.get()[1])
                .map(entity -> toModel(entity, client.getClientId()));
        return new Policy(Optional.of(toModel(app)), connection, connection.isPresent() || hasConnections(realm, client),
                (Long) row.get()[3] > 0, (Long) row.get()[2] > 0);
    }

    // ---- kill switches

    @Override
    public IssuanceSetting issuance(RealmModel realm) {
        return killSwitches.issuance(realm.getId());
    }

    @Override
    public IssuanceSetting setIssuance(RealmModel realm, boolean stopped, String reason, String actor) {
        return killSwitches.setIssuance(realm.getId(), stopped, reason, actor);
    }

    @Override
    public List<UserBlock> blockedUsers(RealmModel realm) {
        return killSwitches.blockedUsers(realm.getId());
    }

    @Override
    public Optional<UserBlock> userBlock(RealmModel realm, String userId) {
        return killSwitches.userBlock(realm.getId(), userId);
    }

    @Override
    public UserBlock blockUser(RealmModel realm, String userId, String reason, String actor) {
        return killSwitches.blockUser(realm.getId(), userId, reason, actor);
    }

    @Override
    public boolean unblockUser(RealmModel realm, String userId) {
        return killSwitches.unblockUser(realm.getId(), userId);
    }

    @Override
    public void removeUser(RealmModel realm, String userId) {
        killSwitches.unblockUser(realm.getId(), userId);
    }

    @Override
    public Connection createConnection(RealmModel realm, Connection connection, String actor) {
        ResourceAppEntity app = appEntity(realm, connection.resourceAppId())
                .orElseThrow(() -> RegistryException.invalid("resourceAppId names no resource app of this realm").on("resourceAppId", "unknownResourceApp"));
        ClientModel client = validation.checkConnection(realm, connection, toModel(app));
        requireFreePair(realm, client, app.getId(), null);
        requireFreeIdentity(realm, app.getId(), connection.clientIdAtResourceApp(), null);
        ConnectionEntity entity = new ConnectionEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        long now = System.currentTimeMillis();
        entity.setCreatedAt(now);
        entity.setCreatedBy(actor);
        copy(connection, client, entity, actor, now);
        em.persist(entity);
        return toModels(realm, List.of(entity)).get(0);
    }

    @Override
    public Connection updateConnection(RealmModel realm, Connection connection, String actor) {
        ConnectionEntity entity = connectionEntity(realm, connection.id()).orElseThrow(() -> notFound("connection"));
        ResourceAppEntity app = appEntity(realm, connection.resourceAppId())
                .orElseThrow(() -> RegistryException.invalid("resourceAppId names no resource app of this realm").on("resourceAppId", "unknownResourceApp"));
        ClientModel client = validation.checkConnection(realm, connection, toModel(app), read(entity.getRequiredGroups()));
        requireFreePair(realm, client, app.getId(), entity.getId());
        requireFreeIdentity(realm, app.getId(), connection.clientIdAtResourceApp(), entity.getId());
        copy(connection, client, entity, actor, System.currentTimeMillis());
        return toModels(realm, List.of(entity)).get(0);
    }

    private void requireFreePair(RealmModel realm, ClientModel client, String appId, String ownId) {
        connectionEntity(realm, client, appId)
                .filter(other -> !other.getId().equals(ownId))
                .ifPresent(other -> {
                    throw RegistryException.conflict("client " + client.getClientId() + " already has connection " + other.getId() + " to this resource app")
                            .on("resourceAppId", "alreadyConnected", Map.of("clientId", client.getClientId(), "connectionId", other.getId()));
                });
    }

    /** Two clients presenting one identity to a resource app would be one client to it. */
    private void requireFreeIdentity(RealmModel realm, String appId, String clientIdAtResourceApp, String ownId) {
        identityHolders(appId, clientIdAtResourceApp).stream()
                .filter(other -> !other.getId().equals(ownId))
                .findFirst()
                .ifPresent(other -> {
                    throw identityTaken(realm, clientIdAtResourceApp, other);
                });
    }

    private List<ConnectionEntity> identityHolders(String appId, String clientIdAtResourceApp) {
        return em.createNamedQuery("xaaConnectionsByAppAndClientIdAtApp", ConnectionEntity.class)
                .setParameter("resourceAppId", appId)
                .setParameter("clientIdAtResourceApp", clientIdAtResourceApp)
                .getResultList();
    }

    private RegistryException identityTaken(RealmModel realm, String clientIdAtResourceApp, ConnectionEntity holder) {
        ClientModel client = session.clients().getClientById(realm, holder.getClientUuid());
        String clientId = client == null ? holder.getClientUuid() : client.getClientId();
        return RegistryException.conflict("clientIdAtResourceApp " + clientIdAtResourceApp + " is already the identity of client " + clientId
                        + " at this resource app (connection " + holder.getId() + ")")
                .on("clientIdAtResourceApp", "identityTaken", Map.of(
                        "clientIdAtResourceApp", clientIdAtResourceApp, "clientId", clientId, "connectionId", holder.getId()));
    }

    @Override
    public boolean deleteConnection(RealmModel realm, String id) {
        Optional<ConnectionEntity> entity = connectionEntity(realm, id);
        entity.ifPresent(connection -> deleteConnections(List.of(connection.getId())));
        return entity.isPresent();
    }

    @Override
    public void recordIssued(String connectionId, Instant at) {
        ConnectionUseEntity use = new ConnectionUseEntity();
        use.setId(KeycloakModelUtils.generateId());
        use.setConnectionId(connectionId);
        use.setUsedAt(at.toEpochMilli());
        em.persist(use);
    }

    // ---- export / import

    @Override
    public RegistryDocument exportConfiguration(RealmModel realm) {
        List<ResourceAppEntity> apps = em.createNamedQuery("xaaResourceAppsByRealm", ResourceAppEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
        Map<String, String> audienceById = new HashMap<>();
        apps.forEach(app -> audienceById.put(app.getId(), app.getAudience()));
        List<ConnectionEntity> connections = em.createNamedQuery("xaaConnectionsByRealm", ConnectionEntity.class)
                .setParameter("realmId", realm.getId()).getResultList();
        List<RegistryDocument.DocumentConnection> documentConnections = toModels(realm, connections).stream()
                .map(connection -> new RegistryDocument.DocumentConnection(audienceById.get(connection.resourceAppId()), connection))
                .toList();
        // A block whose user a federation no longer returns cannot be named by username, so it cannot move.
        List<RegistryDocument.DocumentUserBlock> blocks = killSwitches.blockedUsers(realm.getId()).stream()
                .map(block -> Optional.ofNullable(session.users().getUserById(realm, block.userId()))
                        .map(user -> new RegistryDocument.DocumentUserBlock(user.getUsername(), block.reason())))
                .flatMap(Optional::stream).toList();
        return new RegistryDocument(apps.stream().map(JpaConnectionRegistry::toModel).toList(), documentConnections,
                killSwitches.stopped(realm.getId()), blocks);
    }

    @Override
    public ImportResult importConfiguration(RealmModel realm, RegistryDocument document, boolean replace, String actor) {
        validation.checkDocument(realm, document);
        Map<String, String> blocks = blockedUserIds(realm, document);
        Set<String> named = connectionsNamedBy(realm, document);
        requireDistinctIdentities(realm, document, named, replace);
        int connectionsDeleted = 0;
        if (replace) {
            List<String> staleConnections = new ArrayList<>(em.createNamedQuery("xaaConnectionIdsByRealm", String.class)
                    .setParameter("realmId", realm.getId()).getResultList());
            staleConnections.removeAll(named);
            connectionsDeleted = deleteConnections(realm, staleConnections, ConnectionsRemoved.Cause.REPLACED_BY_IMPORT);
            // Deleted before anything is written: the document may give an identity they held to another client.
            em.flush();
        }
        int appsCreated = 0;
        int appsUpdated = 0;
        int connectionsCreated = 0;
        int connectionsUpdated = 0;
        Map<String, String> appIdByAudience = new HashMap<>();
        List<ResourceApp> updatedApps = new ArrayList<>();
        for (ResourceApp app : document.resourceApps()) {
            Optional<ResourceAppEntity> existing = appEntityByAudience(realm, app.audience());
            ResourceAppEntity entity = existing.orElseGet(() -> {
                ResourceAppEntity created = new ResourceAppEntity();
                created.setId(KeycloakModelUtils.generateId());
                created.setRealmId(realm.getId());
                return created;
            });
            copy(app, entity);
            if (existing.isPresent()) {
                appsUpdated++;
                updatedApps.add(toModel(entity));
            } else {
                em.persist(entity);
                appsCreated++;
            }
            appIdByAudience.put(app.audience(), entity.getId());
        }
        long now = System.currentTimeMillis();
        for (RegistryDocument.DocumentConnection documentConnection : document.connections()) {
            Connection connection = documentConnection.connection();
            ClientModel client = realm.getClientByClientId(connection.clientId());
            String appId = appIdByAudience.get(documentConnection.resourceAppAudience());
            Optional<ConnectionEntity> existing = connectionEntity(realm, client, appId);
            ConnectionEntity entity = existing.orElseGet(() -> {
                ConnectionEntity created = new ConnectionEntity();
                created.setId(KeycloakModelUtils.generateId());
                created.setRealmId(realm.getId());
                created.setCreatedAt(now);
                created.setCreatedBy(actor);
                return created;
            });
            copy(withResourceApp(connection, appId), client, entity, actor, now);
            if (existing.isPresent()) {
                connectionsUpdated++;
            } else {
                em.persist(entity);
                connectionsCreated++;
            }
        }
        int appsDeleted = 0;
        if (replace) {
            for (ResourceAppEntity app : em.createNamedQuery("xaaResourceAppsByRealm", ResourceAppEntity.class)
                    .setParameter("realmId", realm.getId()).getResultList()) {
                if (!appIdByAudience.containsValue(app.getId())) {
                    em.remove(app);
                    appsDeleted++;
                }
            }
        }
        // As on update, once the document's connections are in: a merge keeps connections the document does not
        // name, and an app it narrows must still offer what they use. A refusal rolls the whole import back.
        for (ResourceApp app : updatedApps) {
            requireConnectionsStillFit(realm, app);
        }
        if (document.issuanceStopped() != null && document.issuanceStopped() != killSwitches.stopped(realm.getId())) {
            killSwitches.setIssuance(realm.getId(), document.issuanceStopped(), "set by import", actor);
        }
        int usersUnblocked = 0;
        if (replace && document.blockedUsers() != null) {
            for (UserBlock block : killSwitches.blockedUsers(realm.getId())) {
                if (!blocks.containsKey(block.userId()) && killSwitches.unblockUser(realm.getId(), block.userId())) {
                    usersUnblocked++;
                }
            }
        }
        int usersBlocked = 0;
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            if (killSwitches.userBlock(realm.getId(), block.getKey()).isEmpty()) {
                usersBlocked++;
            }
            killSwitches.blockUser(realm.getId(), block.getKey(), block.getValue(), actor);
        }
        return new ImportResult(appsCreated, appsUpdated, appsDeleted, connectionsCreated, connectionsUpdated, connectionsDeleted,
                usersBlocked, usersUnblocked);
    }

    /** The document's blocked users by user id, each with its reason. Fails closed: an unknown username blocks no one else. */
    private Map<String, String> blockedUserIds(RealmModel realm, RegistryDocument document) {
        Map<String, String> reasonByUserId = new LinkedHashMap<>();
        if (document.blockedUsers() == null) {
            return reasonByUserId;
        }
        for (RegistryDocument.DocumentUserBlock block : document.blockedUsers()) {
            if (block.username() == null || block.username().isBlank()) {
                throw RegistryException.invalid("each blocked user of an import names its user by username");
            }
            UserModel user = session.users().getUserByUsername(realm, block.username());
            if (user == null) {
                throw RegistryException.invalid("blocked user " + block.username() + " names no user of this realm");
            }
            if (reasonByUserId.put(user.getId(), block.reason()) != null) {
                throw RegistryException.invalid("the document blocks the user " + block.username() + " twice");
            }
        }
        return reasonByUserId;
    }

    /** The ids of the saved connections the document names (same client, app of the same audience). */
    private Set<String> connectionsNamedBy(RealmModel realm, RegistryDocument document) {
        Set<String> named = new HashSet<>();
        for (RegistryDocument.DocumentConnection documentConnection : document.connections()) {
            ClientModel client = realm.getClientByClientId(documentConnection.connection().clientId());
            appEntityByAudience(realm, documentConnection.resourceAppAudience())
                    .flatMap(app -> connectionEntity(realm, client, app.getId()))
                    .ifPresent(connection -> named.add(connection.getId()));
        }
        return named;
    }

    /**
     * One identity per resource app, within the document and against the saved connections that stay: those
     * the document does not name stay in merge mode and go in replace mode. A saved connection the document
     * names keeps its identity until the import writes, so swapping two identities takes two imports.
     */
    private void requireDistinctIdentities(RealmModel realm, RegistryDocument document, Set<String> named, boolean replace) {
        Map<String, String> clientByIdentity = new HashMap<>();
        for (RegistryDocument.DocumentConnection documentConnection : document.connections()) {
            Connection connection = documentConnection.connection();
            String other = clientByIdentity.put(documentConnection.resourceAppAudience() + " " + connection.clientIdAtResourceApp(),
                    connection.clientId());
            if (other != null) {
                throw new RegistryException(RegistryException.Kind.CONFLICT, "the document gives clientIdAtResourceApp "
                        + connection.clientIdAtResourceApp() + " at " + documentConnection.resourceAppAudience() + " to both "
                        + other + " and " + connection.clientId());
            }
            String clientUuid = realm.getClientByClientId(connection.clientId()).getId();
            appEntityByAudience(realm, documentConnection.resourceAppAudience()).ifPresent(app ->
                    identityHolders(app.getId(), connection.clientIdAtResourceApp()).stream()
                            .filter(holder -> !holder.getClientUuid().equals(clientUuid))
                            .filter(holder -> !replace || named.contains(holder.getId()))
                            .findFirst()
                            .ifPresent(holder -> {
                                throw identityTaken(realm, connection.clientIdAtResourceApp(), holder);
                            }));
        }
    }

    private static Connection withResourceApp(Connection c, String appId) {
        return new Connection(c.id(), c.clientId(), appId, c.clientIdAtResourceApp(), c.scopes(), c.resources(),
                c.requiredGroups(), c.enabled(), c.expiresAt(), c.description(), c.createdBy(), c.createdAt(),
                c.updatedBy(), c.updatedAt());
    }

    // ---- cleanup

    @Override
    public void removeRealm(RealmModel realm) {
        killSwitches.removeRealm(realm.getId());
        deleteConnections(realm, em.createNamedQuery("xaaConnectionIdsByRealm", String.class)
                .setParameter("realmId", realm.getId()).getResultList(), ConnectionsRemoved.Cause.REALM_DELETED);
        em.createNamedQuery("xaaResourceAppsByRealm", ResourceAppEntity.class).setParameter("realmId", realm.getId())
                .getResultList().forEach(em::remove);
    }

    @Override
    public void removeClient(ClientModel client) {
        deleteConnections(client.getRealm(), em.createNamedQuery("xaaConnectionIdsByClient", String.class)
                .setParameter("realmId", client.getRealm().getId())
                .setParameter("clientUuid", client.getId()).getResultList(), ConnectionsRemoved.Cause.CLIENT_DELETED);
    }

    private List<ConnectionEntity> connectionEntitiesOfApp(String appId) {
        List<String> ids = em.createNamedQuery("xaaConnectionIdsByApp", String.class).setParameter("resourceAppId", appId).getResultList();
        return ids.stream().map(id -> em.find(ConnectionEntity.class, id)).toList();
    }

    /**
     * Removes connections as a side effect of another removal and publishes them, read before they go, so the
     * audit records each as a revocation in this transaction.
     */
    private int deleteConnections(RealmModel realm, List<String> ids, ConnectionsRemoved.Cause cause) {
        List<ConnectionEntity> entities = ids.stream().map(id -> em.find(ConnectionEntity.class, id)).filter(Objects::nonNull).toList();
        if (entities.isEmpty()) {
            return 0;
        }
        List<Connection> removed = toModels(realm, entities);
        int count = deleteConnections(ids);
        session.getKeycloakSessionFactory().publish(new ConnectionsRemoved(session, realm.getId(), realm.getName(), removed, cause));
        return count;
    }

    /**
     * Removes connections through the persistence context, never by a bulk delete that would leave it stale:
     * this also runs inside Keycloak's own client and realm removal, whose entities must stay managed.
     */
    private int deleteConnections(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        em.createNamedQuery("xaaDeleteUsesOfConnections").setParameter("ids", ids).executeUpdate();
        int removed = 0;
        for (String id : ids) {
            ConnectionEntity connection = em.find(ConnectionEntity.class, id);
            if (connection != null) {
                em.remove(connection);
                removed++;
            }
        }
        return removed;
    }

    // ---- mapping

    private static void copy(ResourceApp app, ResourceAppEntity entity) {
        entity.setName(app.name());
        entity.setAudience(app.audience());
        entity.setResources(write(app.resources()));
        entity.setScopes(write(app.scopes()));
        entity.setIdJagLifetimeSeconds(app.idJagLifetimeSeconds());
        entity.setIncludeEmail(app.includeEmail());
        entity.setEnabled(app.enabled());
        entity.setAllowRefreshTokenSubject(app.allowRefreshTokenSubject());
        entity.setAllowOfflineTokenSubject(app.allowOfflineTokenSubject());
        entity.setStepUp(app.stepUp() == null ? null : writeJson(app.stepUp()));
        entity.setScopeStepUp(app.scopeStepUp().isEmpty() ? null : writeJson(app.scopeStepUp()));
    }

    private static void copy(Connection connection, ClientModel client, ConnectionEntity entity, String actor, long now) {
        entity.setClientUuid(client.getId());
        entity.setResourceAppId(connection.resourceAppId());
        entity.setClientIdAtResourceApp(connection.clientIdAtResourceApp());
        entity.setScopes(write(connection.scopes()));
        entity.setResources(write(connection.resources()));
        entity.setRequiredGroups(write(connection.requiredGroups()));
        entity.setEnabled(connection.enabled());
        entity.setExpiresAt(connection.expiresAt() == null ? null : connection.expiresAt().toEpochMilli());
        entity.setDescription(connection.description());
        entity.setUpdatedAt(now);
        entity.setUpdatedBy(actor);
    }

    private static ResourceApp toModel(ResourceAppEntity entity) {
        return new ResourceApp(entity.getId(), entity.getName(), entity.getAudience(), read(entity.getResources()),
                read(entity.getScopes()), entity.getIdJagLifetimeSeconds(), entity.isIncludeEmail(), entity.isEnabled(),
                readJson(entity.getStepUp(), STEP_UP), readJson(entity.getScopeStepUp(), SCOPE_STEP_UP),
                entity.isAllowRefreshTokenSubject(), entity.isAllowOfflineTokenSubject());
    }

    private List<Connection> toModels(RealmModel realm, List<ConnectionEntity> entities) {
        return entities.stream().map(entity -> {
            ClientModel client = session.clients().getClientById(realm, entity.getClientUuid());
            return toModel(entity, client == null ? null : client.getClientId());
        }).toList();
    }

    private static Connection toModel(ConnectionEntity entity, String clientId) {
        return new Connection(entity.getId(), clientId, entity.getResourceAppId(),
                entity.getClientIdAtResourceApp(), read(entity.getScopes()), read(entity.getResources()),
                read(entity.getRequiredGroups()), entity.isEnabled(), instant(entity.getExpiresAt()),
                entity.getDescription(), entity.getCreatedBy(), Instant.ofEpochMilli(entity.getCreatedAt()),
                entity.getUpdatedBy(), Instant.ofEpochMilli(entity.getUpdatedAt()));
    }

    /** Two queries for a whole page of connections, not one per row: what was folded, plus the recent uses. */
    @Override
    public Map<String, ConnectionUsage> usage(List<String> connectionIds) {
        Map<String, ConnectionUsage> usage = new HashMap<>();
        if (connectionIds.isEmpty()) {
            return usage;
        }
        em.createNamedQuery("xaaFoldedUsage", Object[].class).setParameter("ids", connectionIds).getResultStream()
                .filter(row -> (Long) row[1] > 0)
                .forEach(row -> usage.put((String) row[0], new ConnectionUsage(instant((Long) row[2]), (Long) row[1])));
        em.createNamedQuery("xaaUsageByConnections", Object[].class).setParameter("ids", connectionIds).getResultStream()
                .forEach(row -> usage.merge((String) row[0], new ConnectionUsage(instant((Long) row[2]), (Long) row[1]),
                        JpaConnectionRegistry::add));
        return usage;
    }

    private static ConnectionUsage add(ConnectionUsage a, ConnectionUsage b) {
        Instant last = a.lastUsedAt() == null || (b.lastUsedAt() != null && b.lastUsedAt().isAfter(a.lastUsedAt()))
                ? b.lastUsedAt() : a.lastUsedAt();
        return new ConnectionUsage(last, a.issuedCount() + b.issuedCount());
    }

    /**
     * Counts and deletes by the same cut-off, in one transaction. A use row is written with the time of its request,
     * so a row older than the cut-off belongs to a transaction that ended long ago and cannot appear after the count.
     * Each connection gets a targeted update of its folded figures only, never a flush of a loaded entity: an
     * admin's change committed while the fold runs (a revocation) stays as the admin left it.
     */
    @Override
    public int foldUsage(Instant before) {
        int folded = 0;
        for (Object[] row : em.createNamedQuery("xaaUsageBefore", Object[].class)
                .setParameter("before", before.toEpochMilli()).getResultList()) {
            long count = (Long) row[1];
            em.createNamedQuery("xaaFoldIntoConnection")
                    .setParameter("id", row[0])
                    .setParameter("count", count)
                    .setParameter("lastUsedAt", row[2])
                    .executeUpdate();
            folded += (int) count;
        }
        em.createNamedQuery("xaaDeleteUsesBefore").setParameter("before", before.toEpochMilli()).executeUpdate();
        return folded;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static String write(List<String> values) {
        return writeJson(values);
    }

    private static List<String> read(String json) {
        List<String> values = readJson(json, STRING_LIST);
        return values == null ? List.of() : values;
    }

    private static String writeJson(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Null for an empty column. */
    private static <T> T readJson(String json, TypeReference<T> type) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JsonSerialization.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored column is not the expected JSON", e);
        }
    }

    private static String like(String search) {
        // '%' and '_' stay wildcards: a search only widens, and no escape syntax is portable across databases.
        return "%" + search.toLowerCase(Locale.ROOT) + "%";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static RegistryException notFound(String what) {
        return new RegistryException(RegistryException.Kind.NOT_FOUND, what + " not found");
    }

    @Override
    public void close() {
    }
}
