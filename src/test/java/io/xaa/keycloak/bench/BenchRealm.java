package io.xaa.keycloak.bench;

import io.xaa.keycloak.it.Kc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One realm of the bench: {@value #CLIENTS} confidential clients, each connected to every one of {@code size / 10}
 * resource apps, so the realm holds {@code size} connections. Every connection requires the group {@code /staff},
 * which the one user is in, so each exchange runs the group check too. A request picks a random connection.
 */
final class BenchRealm {

    static final int CLIENTS = 10;
    private static final String USER = "alice";
    private static final String PASSWORD = "alice";

    private final Kc kc;
    private final String name;
    private final int apps;
    private final List<Tokens> tokens = new ArrayList<>();

    private record Tokens(String idToken, String accessToken) {
    }

    private BenchRealm(Kc kc, String name, int apps) {
        this.kc = kc;
        this.name = name;
        this.apps = apps;
    }

    /** Creates the realm, its resource apps and connections (one import), and logs the user in at every client. */
    static BenchRealm create(Kc kc, int size) {
        if (size < CLIENTS || size % CLIENTS != 0) {
            throw new IllegalArgumentException("a size is a multiple of " + CLIENTS + ": " + size);
        }
        BenchRealm realm = new BenchRealm(kc, "bench-" + size, size / CLIENTS);
        kc.createRealmFromJson(realm.representation());
        Kc.Response imported = kc.admin("POST", "/" + realm.name + "/cross-app-access/import", realm.registryDocument());
        if (imported.status() != 200) {
            throw new IllegalStateException("importing " + size + " connections: " + imported);
        }
        for (int client = 0; client < CLIENTS; client++) {
            Kc.Response login = kc.password(realm.name, clientId(client), secret(client), USER, PASSWORD, "openid");
            if (login.status() != 200) {
                throw new IllegalStateException("login at " + clientId(client) + ": " + login);
            }
            realm.tokens.add(new Tokens(login.json().get("id_token").asText(), login.json().get("access_token").asText()));
        }
        return realm;
    }

    String name() {
        return name;
    }

    /** (a) The ID-JAG exchange over a random connection. */
    Kc.Response idJag() {
        int client = random(CLIENTS);
        return kc.token(name, clientId(client), secret(client), Map.of(
                "grant_type", Kc.TOKEN_EXCHANGE, "requested_token_type", Kc.ID_JAG, "subject_token_type", Kc.ID_TOKEN,
                "subject_token", tokens.get(client).idToken(), "audience", audience(random(apps)), "scope", "read"));
    }

    /** (b) Keycloak's standard token exchange: a client's access token for a token of the same client. */
    Kc.Response standardTokenExchange() {
        int client = random(CLIENTS);
        return kc.token(name, clientId(client), secret(client), Map.of(
                "grant_type", Kc.TOKEN_EXCHANGE, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "subject_token", tokens.get(client).accessToken()));
    }

    /** (c) The client_credentials grant of a random client. */
    Kc.Response clientCredentials() {
        int client = random(CLIENTS);
        return kc.token(name, clientId(client), secret(client), Map.of("grant_type", "client_credentials"));
    }

    /**
     * Keycloak's own event store for token exchange events, on or off. Our audit listener is global and writes its
     * record either way; the store is the durable record of Keycloak's own grant.
     */
    void storeTokenExchangeEvents(boolean on) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("eventsEnabled", on);
        config.put("enabledEventTypes", on ? List.of("TOKEN_EXCHANGE", "TOKEN_EXCHANGE_ERROR") : List.of());
        config.put("eventsListeners", List.of("jboss-logging"));
        Kc.Response updated = kc.admin("PUT", "/" + name + "/events/config", config);
        if (updated.status() != 204) {
            throw new IllegalStateException("event store of " + name + ": " + updated);
        }
    }

    private String representation() {
        List<Map<String, Object>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("clientId", clientId(client));
            c.put("enabled", true);
            c.put("protocol", "openid-connect");
            c.put("publicClient", false);
            c.put("clientAuthenticatorType", "client-secret");
            c.put("secret", secret(client));
            c.put("standardFlowEnabled", false);
            c.put("directAccessGrantsEnabled", true);
            c.put("serviceAccountsEnabled", true);
            c.put("attributes", Map.of("standard.token.exchange.enabled", "true"));
            clients.add(c);
        }
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        // The tokens of the logins must outlive the run (the default 5 minutes does not).
        realm.put("accessTokenLifespan", 7200);
        realm.put("ssoSessionIdleTimeout", 7200);
        realm.put("ssoSessionMaxLifespan", 36000);
        realm.put("groups", List.of(Map.of("name", "staff")));
        realm.put("clients", clients);
        realm.put("users", List.of(Map.of("username", USER, "enabled", true, "email", USER + "@bench.example",
                "emailVerified", true, "firstName", "Alice", "lastName", "Bench", "groups", List.of("/staff"),
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)))));
        try {
            return Kc.JSON.writeValueAsString(realm);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> registryDocument() {
        List<Map<String, Object>> resourceApps = new ArrayList<>();
        List<Map<String, Object>> connections = new ArrayList<>();
        for (int app = 0; app < apps; app++) {
            resourceApps.add(Map.of("name", "Tool " + app, "audience", audience(app), "scopes", List.of("read", "write"),
                    "idJagLifetimeSeconds", 300, "enabled", true));
            for (int client = 0; client < CLIENTS; client++) {
                connections.add(Map.of("clientId", clientId(client), "resourceAppAudience", audience(app),
                        "clientIdAtResourceApp", clientId(client) + "-at-" + app, "scopes", List.of("read", "write"),
                        "requiredGroups", List.of("/staff"), "enabled", true));
            }
        }
        return Map.of("resourceApps", resourceApps, "connections", connections);
    }

    private static String clientId(int client) {
        return "agent-" + client;
    }

    private static String secret(int client) {
        return "agent-" + client + "-secret";
    }

    private static String audience(int app) {
        return "https://tool-" + app + ".bench.example";
    }

    private static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
