package io.xaa.keycloak.store;

import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.policy.Connection;
import io.xaa.keycloak.policy.ResourceApp;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What may be saved: the shape rules plus the lookups (client, groups, the app's offer). */
public final class RegistryValidation {

    private static final String OIDC = "openid-connect";

    private final KeycloakSession session;

    public RegistryValidation(KeycloakSession session) {
        this.session = session;
    }

    public void checkResourceApp(RealmModel realm, ResourceApp app) {
        RegistryRules.checkResourceApp(app);
        RegistryRules.checkStepUp(app, KeycloakInternals.acrLoaMap(realm));
    }

    /** Returns the requesting client, which must be a confidential OIDC client of the realm. */
    public ClientModel checkConnection(RealmModel realm, Connection connection, ResourceApp app) {
        return checkConnection(realm, connection, app, List.of());
    }

    /**
     * As {@link #checkConnection(RealmModel, Connection, ResourceApp)} for a connection that already requires
     * {@code storedGroupIds}: of those, a group deleted since may stay required (it keeps refusing everyone
     * until an admin drops it), but no unknown group id may be added.
     */
    public ClientModel checkConnection(RealmModel realm, Connection connection, ResourceApp app, List<String> storedGroupIds) {
        if (connection.clientId() == null || connection.clientId().isBlank()) {
            throw RegistryException.invalid("clientId is required").on("clientId", "required");
        }
        ClientModel client = realm.getClientByClientId(connection.clientId());
        Map<String, String> named = Map.of("clientId", connection.clientId());
        if (client == null) {
            throw RegistryException.invalid("client " + connection.clientId() + " does not exist in this realm").on("clientId", "unknownClient", named);
        }
        if (!isConfidentialOidc(client)) {
            throw RegistryException.invalid("client " + connection.clientId() + " must be a confidential OpenID Connect client")
                    .on("clientId", "notEligibleClient", named);
        }
        if (isDynamicallyRegistered(client)) {
            throw RegistryException.invalid("client " + connection.clientId() + " was dynamically registered; such clients may not request ID-JAGs")
                    .on("clientId", "notEligibleClient", named);
        }
        RegistryRules.requireText(connection.clientIdAtResourceApp(), "clientIdAtResourceApp", 255);
        RegistryRules.checkDistinct(connection.scopes(), "scopes");
        for (String scope : connection.scopes()) {
            if (!app.scopes().contains(scope)) {
                throw RegistryException.invalid("scope " + scope + " is not offered by resource app " + app.name())
                        .on("scopes", "notOffered", Map.of("value", scope, "resourceApp", app.name()));
            }
        }
        RegistryRules.checkDistinct(connection.resources(), "resources");
        for (String resource : connection.resources()) {
            if (!app.resources().contains(resource)) {
                throw RegistryException.invalid("resource " + resource + " is not governed by resource app " + app.name())
                        .on("resources", "notOffered", Map.of("value", resource, "resourceApp", app.name()));
            }
        }
        RegistryRules.checkDistinct(connection.requiredGroups(), "requiredGroups");
        RequiredGroups groups = new RequiredGroups(session, realm);
        for (String groupId : connection.requiredGroups()) {
            if (!groups.exists(groupId) && !storedGroupIds.contains(groupId)) {
                throw RegistryException.invalid("required group id " + groupId + " names no group of this realm").on("requiredGroups", "unknownGroup");
            }
        }
        RegistryRules.checkListSize(connection.requiredGroups(), "requiredGroups");
        if (connection.description() != null && connection.description().length() > 1024) {
            throw RegistryException.invalid("description must be at most 1024 characters").on("description", "tooLong", Map.of("max", "1024"));
        }
        return client;
    }

    /**
     * Whether the client may request ID-JAGs at all: a confidential OpenID Connect client, not bearer-only, not
     * dynamically registered. The one predicate behind both a connection's check and the client picker.
     */
    public static boolean isEligible(ClientModel client) {
        return isConfidentialOidc(client) && !isDynamicallyRegistered(client);
    }

    private static boolean isConfidentialOidc(ClientModel client) {
        return OIDC.equals(client.getProtocol()) && !client.isPublicClient() && !client.isBearerOnly();
    }

    private static boolean isDynamicallyRegistered(ClientModel client) {
        return client.getRegistrationToken() != null;
    }

    /** Checks a whole import before anything is written, so a bad document changes nothing. */
    public void checkDocument(RealmModel realm, RegistryDocument document) {
        Map<String, ResourceApp> appsByAudience = new HashMap<>();
        for (ResourceApp app : document.resourceApps()) {
            checkResourceApp(realm, app);
            if (appsByAudience.put(app.audience(), app) != null) {
                throw RegistryException.invalid("the document names the audience " + app.audience() + " twice");
            }
        }
        Set<String> pairs = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (RegistryDocument.DocumentConnection documentConnection : document.connections()) {
            ResourceApp app = appsByAudience.get(documentConnection.resourceAppAudience());
            if (app == null) {
                throw RegistryException.invalid("a connection names the audience " + documentConnection.resourceAppAudience()
                        + ", which no resource app of the document has");
            }
            checkConnection(realm, documentConnection.connection(), app);
            if (!pairs.add(documentConnection.connection().clientId() + " " + app.audience())) {
                problems.add(documentConnection.connection().clientId() + " -> " + app.audience());
            }
        }
        if (!problems.isEmpty()) {
            throw RegistryException.invalid("the document has more than one connection for " + String.join(", ", problems));
        }
    }
}
