package io.xaa.keycloak.store;

import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.Policy;
import io.xaa.keycloak.policy.ResourceApp;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The realm's resource apps and connections. Every write validates first and throws
 * {@link RegistryException} for input that may not be saved; reads never fail on unknown ids.
 * Connections name their requesting client by clientId; the store keeps the client's internal id.
 */
public interface ConnectionRegistry extends Provider {

    List<ResourceApp> resourceApps(RealmModel realm, ResourceAppQuery query, int first, int max);

    long countResourceApps(RealmModel realm, ResourceAppQuery query);

    Optional<ResourceApp> resourceApp(RealmModel realm, String id);


    ResourceApp createResourceApp(RealmModel realm, ResourceApp app);

    ResourceApp updateResourceApp(RealmModel realm, ResourceApp app);

    /** Deletes the app together with its connections, which it publishes as {@link ConnectionsRemoved}. */
    boolean deleteResourceApp(RealmModel realm, String id);

    List<Connection> connections(RealmModel realm, ConnectionQuery query, int first, int max);

    long countConnections(RealmModel realm, ConnectionQuery query);

    Optional<Connection> connection(RealmModel realm, String id);



    /**
     * What the decision point needs for a request of {@code client} on behalf of {@code userId} for {@code audience}:
     * the resource app, the client's connection to it, whether the client has any connection at all, and the two
     * kill switches (each one indexed single-row read: the exchange is hot).
     */
    Policy policy(RealmModel realm, ClientModel client, String userId, String audience);

    IssuanceSetting issuance(RealmModel realm);

    /** Stops or resumes every ID-JAG of the realm; {@code reason} is at most 1000 characters. */
    IssuanceSetting setIssuance(RealmModel realm, boolean stopped, String reason, String actor);

    /** The realm's blocked users, the latest block first. */
    List<UserBlock> blockedUsers(RealmModel realm);

    Optional<UserBlock> userBlock(RealmModel realm, String userId);

    /** Blocks ID-JAGs for the user, or replaces the reason of their block. */
    UserBlock blockUser(RealmModel realm, String userId, String reason, String actor);

    /** Returns false when the user was not blocked. */
    boolean unblockUser(RealmModel realm, String userId);

    Connection createConnection(RealmModel realm, Connection connection, String actor);

    Connection updateConnection(RealmModel realm, Connection connection, String actor);

    boolean deleteConnection(RealmModel realm, String id);

    /** Usage of the given connections, read together; a connection never used is absent. */
    Map<String, ConnectionUsage> usage(List<String> connectionIds);

    /**
     * Folds the use rows older than {@code before} into their connections and deletes them, so the use table
     * holds only the last minutes. Returns how many rows were folded.
     */
    int foldUsage(Instant before);

    /** Appends one use; never updates the connection row, so concurrent exchanges do not contend. */
    void recordIssued(String connectionId, Instant at);

    /**
     * Replaces or merges the realm's whole configuration in the caller's transaction: all or nothing. The
     * connections a replace deletes are published as {@link ConnectionsRemoved}.
     */
    ImportResult importConfiguration(RealmModel realm, RegistryDocument document, boolean replace, String actor);

    RegistryDocument exportConfiguration(RealmModel realm);

    /** Removes what the realm held; remaining connections are published as {@link ConnectionsRemoved}. */
    void removeRealm(RealmModel realm);

    /** Removes the user's block; runs inside Keycloak's user removal. */
    void removeUser(RealmModel realm, String userId);

    /** Removes the client's connections, published as {@link ConnectionsRemoved}; runs inside Keycloak's client removal. */
    void removeClient(ClientModel client);
}
