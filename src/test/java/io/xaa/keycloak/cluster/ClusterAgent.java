package io.xaa.keycloak.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaa.keycloak.it.Kc;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One agent of the cluster realm, created through node A: a confidential client, its user, a resource app and the
 * connection between them. It logs in and exchanges on whichever node a test names.
 */
final class ClusterAgent {

    private static final String XAA = "/" + Cluster.REALM + "/cross-app-access";

    final String clientId;
    final String audience;
    final String connectionId;
    private final Kc admin;

    ClusterAgent(Kc admin, String name) {
        this.admin = admin;
        this.clientId = "agent-" + name;
        this.audience = "https://as-" + name + "." + Cluster.REALM + ".example.com";
        Kc.Response client = admin.admin("POST", "/" + Cluster.REALM + "/clients", Map.of("clientId", clientId, "secret", secret(),
                "publicClient", false, "directAccessGrantsEnabled", true));
        assertEquals(201, client.status(), client.toString());
        Kc.Response user = admin.admin("POST", "/" + Cluster.REALM + "/users", Map.of("username", clientId, "enabled", true,
                "email", clientId + "@" + Cluster.REALM + ".example", "emailVerified", true, "firstName", "Cluster", "lastName", "It",
                "credentials", List.of(Map.of("type", "password", "value", clientId, "temporary", false))));
        assertEquals(201, user.status(), user.toString());
        String appId = admin.createResourceApp(Cluster.REALM, Map.of("name", "App " + name, "audience", audience, "scopes", List.of("read")));
        connectionId = admin.createConnection(Cluster.REALM, Map.of("clientId", clientId, "resourceAppId", appId,
                "clientIdAtResourceApp", clientId + "-at-as", "scopes", List.of("read")));
    }

    private String secret() {
        return clientId + "-secret";
    }

    /** An ID token from a password login on {@code node}. */
    String idToken(Kc node) {
        Kc.Response login = node.password(Cluster.REALM, clientId, secret(), clientId, clientId, "openid");
        assertEquals(200, login.status(), login.toString());
        return login.json().get("id_token").asText();
    }

    Kc.Response exchange(Kc node, String idToken) {
        return node.token(Cluster.REALM, clientId, secret(), Kc.idJagRequest(idToken, audience));
    }

    /** The jti of an issued ID-JAG. */
    static String jti(Kc.Response issued) {
        return Kc.claims(issued.json().get("access_token").asText()).get("jti").asText();
    }

    /** The connection as {@code node}'s admin API shows it (issuedCount, lastUsedAt). */
    JsonNode connection(Kc node) {
        Kc.Response response = node.admin("GET", XAA + "/connections/" + connectionId, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    /** The jtis of every ID-JAG the audit trail records for this agent, as {@code node}'s audit API reads them. */
    Set<String> auditedJtis(Kc node) {
        Set<String> jtis = new HashSet<>();
        for (int first = 0; ; first += 1000) {
            Kc.Response page = node.admin("GET", XAA + "/audit?type=ID_JAG_ISSUED&clientId=" + clientId + "&first=" + first + "&max=1000", null);
            assertEquals(200, page.status(), page.toString());
            page.json().forEach(record -> jtis.add(record.path("jti").asText()));
            if (page.json().size() < 1000) {
                return jtis;
            }
        }
    }
}
