package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.xaa.keycloak.store.jpa.FirstReleaseDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema upgrade on a real database (database profiles only; the default build excludes it). Before the shared
 * Keycloak booted, {@link TestDatabase} made its database as the previous release left it: that release's changelogs
 * (commit {@code e1f9519}, kept as test resources {@code changelogs-as-shipped}) and rows written as it stored them
 * ({@link FirstReleaseDatabase}). Keycloak's boot ran only the newer changesets. This class then creates the realm and
 * clients those rows name, with their fixed ids, and reads the old data back through the REST API and uses it.
 * Required groups were paths then; the migration to ids ran before the realm existed, so no path resolved: such a
 * connection must refuse everyone (fail closed), even once a group of that path exists.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseUpgradeIT {

    static final String REALM = "dbupgrade-it";
    static final String BASE = "/" + REALM + "/cross-app-access";

    Kc kc;
    TestDatabase database;

    @BeforeAll
    void createRealmOfTheOldRows(Kc kc, TestDatabase database) {
        this.kc = kc;
        this.database = database;
        assertTrue(database.server().isPresent(), "DatabaseUpgradeIT runs only in a database profile (-Pdb-postgres, -Pdb-mariadb)");
        kc.createRealm("dbupgrade-it-realm.json");
    }

    JsonNode get(String path) {
        Kc.Response response = kc.admin("GET", BASE + path, null);
        assertEquals(200, response.status(), response.toString());
        return response.json();
    }

    Kc.Response exchange(String clientId) {
        Kc.Response login = kc.password(REALM, clientId, clientId + "-secret", "alice", "alice", "openid");
        assertEquals(200, login.status(), login.toString());
        Map<String, String> form = Kc.idJagRequest(login.json().get("id_token").asText(), FirstReleaseDatabase.AUDIENCE);
        form.put("resource", FirstReleaseDatabase.RESOURCE);
        return kc.token(REALM, clientId, clientId + "-secret", form);
    }

    @Test
    void theOldResourceAppReadsBackWithItsAudience() {
        JsonNode app = get("/resource-apps/" + FirstReleaseDatabase.APP_ID);
        assertEquals("Upgraded", app.path("name").asText());
        assertEquals(FirstReleaseDatabase.AUDIENCE, app.path("audience").asText());
        assertEquals(List.of(FirstReleaseDatabase.RESOURCE), strings(app.path("resources")));
        assertEquals(List.of("read", "write"), strings(app.path("scopes")));
        assertTrue(app.path("enabled").asBoolean(), app.toString());
    }

    @Test
    void theAudienceHashFilledByTheUpgradeKeepsTheAudienceUnique() {
        Kc.Response again = kc.admin("POST", BASE + "/resource-apps", Map.of("name", "Same audience", "audience", FirstReleaseDatabase.AUDIENCE,
                "scopes", List.of("read")));
        assertEquals(409, again.status(), again.toString());
    }

    @Test
    void theOldConnectionReadsBackAndIssuesAnIdJag() {
        JsonNode connection = get("/connections/" + FirstReleaseDatabase.CONNECTION_ID);
        assertEquals("agent", connection.path("clientId").asText());
        assertEquals(FirstReleaseDatabase.APP_ID, connection.path("resourceAppId").asText());
        assertEquals("agent-at-upgraded", connection.path("clientIdAtResourceApp").asText());
        assertEquals(List.of("read"), strings(connection.path("scopes")));
        assertEquals("made by the first release", connection.path("description").asText());
        long issuedBefore = connection.path("issuedCount").asLong();

        Kc.Response response = exchange("agent");
        assertEquals(200, response.status(), response.toString());
        JsonNode claims = Kc.claims(response.json().get("access_token").asText());
        assertEquals(FirstReleaseDatabase.AUDIENCE, claims.path("aud").isArray() ? claims.path("aud").get(0).asText() : claims.path("aud").asText());
        assertEquals("agent-at-upgraded", claims.path("client_id").asText());
        assertEquals(issuedBefore + 1, get("/connections/" + FirstReleaseDatabase.CONNECTION_ID).path("issuedCount").asLong());
    }

    @Test
    void requiredGroupPathsThatNoGroupNamedAtTheUpgradeRefuseEveryone() {
        JsonNode connection = get("/connections/" + FirstReleaseDatabase.GROUPS_CONNECTION_ID);
        assertEquals(2, connection.path("missingRequiredGroupIds").size(), connection.toString());

        // alice is in the realm's /eng now, but the connection holds a marker, not that group's id.
        Kc.Response response = exchange("grouped");
        assertEquals(400, response.status(), response.toString());
        assertEquals("access_denied", response.error(), response.toString());
        assertTrue(response.body().contains("group"), response.toString());
    }

    @Test
    void theOldAuditRecordsReadBack() {
        JsonNode issued = get("/audit?jti=jti-of-first-release").get(0);
        assertEquals(FirstReleaseDatabase.ISSUED_RECORD_ID, issued.path("id").asText());
        assertEquals("ID_JAG_ISSUED", issued.path("type").asText());
        assertEquals("agent", issued.path("clientId").asText());
        assertEquals(FirstReleaseDatabase.CONNECTION_ID, issued.path("connectionId").asText());
        assertEquals("2026-11-26T06:00:00Z", issued.path("time").asText());

        JsonNode revocations = get("/audit?type=REVOCATION&resourceAppId=" + FirstReleaseDatabase.APP_ID);
        assertEquals(1, revocations.size(), revocations.toString());
        assertEquals(FirstReleaseDatabase.REVOCATION_RECORD_ID, revocations.get(0).path("id").asText());
        assertEquals("{\"id\":\"gone-before-the-upgrade\"}", revocations.get(0).path("before").toString());
    }

    /** The upgrade moved the audience's unique key to its hash and dropped the first release's key. */
    @Test
    void theAudienceKeyIsOnTheHashOnly() throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection connection = database.server().orElseThrow().connect(TestDatabase.KEYCLOAK);
             PreparedStatement statement = connection.prepareStatement("SELECT UPPER(CONSTRAINT_NAME) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
                     + " WHERE TABLE_SCHEMA = ? AND UPPER(TABLE_NAME) = 'XAA_RESOURCE_APP' AND CONSTRAINT_TYPE = 'UNIQUE'")) {
            // PostgreSQL's schema of Keycloak's tables, or MariaDB's database (AuditIT's own database has the table too).
            statement.setString(1, connection.getSchema() != null ? connection.getSchema() : connection.getCatalog());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getString(1));
                }
            }
        }
        assertEquals(List.of("UK_XAA_RESOURCE_APP_AUD_HASH"), keys);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
