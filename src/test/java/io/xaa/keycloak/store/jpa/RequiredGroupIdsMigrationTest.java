package io.xaa.keycloak.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Liquibase change that turns stored required group paths into group ids, run on H2 (Keycloak's dev database). */
final class RequiredGroupIdsMigrationTest {

    private static final String TOP = " ";
    private static final String ENG = "g-eng";
    private static final String ENG_AI = "g-eng-ai";
    private static final String R2_ENG = "g-r2-eng";
    private static final String SLASHED = "g-a-slash-b";

    private Connection jdbc;

    @BeforeEach
    void schema() throws SQLException {
        jdbc = DriverManager.getConnection("jdbc:h2:mem:migration-" + System.nanoTime());
        try (Statement ddl = jdbc.createStatement()) {
            ddl.execute("create table KEYCLOAK_GROUP (ID varchar(36) primary key, NAME varchar(255), PARENT_GROUP varchar(36),"
                    + " REALM_ID varchar(36), TYPE int default 0)");
            ddl.execute("create table XAA_CONNECTION (ID varchar(36) primary key, REALM_ID varchar(36), REQUIRED_GROUPS varchar(4000))");
        }
        group(ENG, "eng", TOP, "r1", 0);
        group(ENG_AI, "ai", ENG, "r1", 0);
        group("g-ops", "ops", TOP, "r1", 0);
        group("g-ops-team", "team", "g-ops", "r1", 0);
        group(SLASHED, "a/b", TOP, "r1", 0);
        group("g-org", "eng", TOP, "r1", 1);
        group(R2_ENG, "eng", TOP, "r2", 0);
    }

    @AfterEach
    void close() throws SQLException {
        jdbc.close();
    }

    @Test
    @DisplayName("each stored path becomes the id of the realm group at that path, in order")
    void pathsBecomeIds() throws Exception {
        connection("c1", "r1", "[\"/eng/ai\",\"/eng\"]");
        connection("c2", "r2", "[\"/eng\"]");

        assertEquals(2, migrate());

        assertEquals("[\"" + ENG_AI + "\",\"" + ENG + "\"]", stored("c1"));
        assertEquals("[\"" + R2_ENG + "\"]", stored("c2"));
    }

    @Test
    @DisplayName("paths as Keycloak accepted them resolve too: no leading slash, a trailing slash, an escaped slash in a name")
    void lenientPathsResolve() throws Exception {
        connection("c1", "r1", "[\"eng\",\"/ops/team/\",\"/a~/b\"]");

        migrate();

        assertEquals("[\"" + ENG + "\",\"g-ops-team\",\"" + SLASHED + "\"]", stored("c1"));
    }

    @Test
    @DisplayName("a path of no group, or of two groups (a name with '/'), becomes a marker no group id can equal")
    void unresolvedPathsFailClosed() throws Exception {
        group("g-eng-slash-ai", "eng/ai", TOP, "r1", 0);
        connection("c1", "r1", "[\"/eng/ai\",\"/gone\",\"/eng\"]");

        migrate();

        String marker = RequiredGroupIdsMigration.UNRESOLVED_PREFIX;
        assertEquals("[\"" + marker + "/eng/ai\",\"" + marker + "/gone\",\"" + ENG + "\"]", stored("c1"));
        assertTrue(marker.length() > 36, "a marker must be longer than any KEYCLOAK_GROUP.ID");
    }

    @Test
    @DisplayName("organization groups have no realm path: they neither match nor make a realm path ambiguous")
    void organizationGroupsAreIgnored() throws Exception {
        group("g-partners", "partners", TOP, "r1", 1);
        connection("c1", "r1", "[\"/partners\",\"/eng\"]");

        migrate();

        assertEquals("[\"" + RequiredGroupIdsMigration.UNRESOLVED_PREFIX + "/partners\",\"" + ENG + "\"]", stored("c1"));
    }

    @Test
    @DisplayName("ids that would not fit the column leave one marker: the connection refuses everyone until an admin sets its groups")
    void tooManyIdsFailClosed() throws Exception {
        for (int i = 0; i < 120; i++) {
            group("00000000-0000-4000-a000-" + String.format("%012d", i), "g" + i, TOP, "r1", 0);
        }
        connection("c1", "r1", IntStream.range(0, 120).mapToObj(i -> "\"/g" + i + "\"").toList().toString().replace(" ", ""));

        migrate();

        assertEquals("[\"" + RequiredGroupIdsMigration.TOO_LONG + "\"]", stored("c1"));
    }

    @Test
    @DisplayName("connections without required groups are left alone")
    void noGroupsUntouched() throws Exception {
        connection("c1", "r1", null);
        connection("c2", "r1", "[]");

        assertEquals(0, migrate());

        assertNull(stored("c1"));
        assertEquals("[]", stored("c2"));
    }

    private int migrate() throws Exception {
        return RequiredGroupIdsMigration.migrate(jdbc, UnaryOperator.identity());
    }

    private void group(String id, String name, String parent, String realm, int type) throws SQLException {
        insert("insert into KEYCLOAK_GROUP (ID, NAME, PARENT_GROUP, REALM_ID, TYPE) values (?, ?, ?, ?, ?)", id, name, parent, realm, type);
    }

    private void connection(String id, String realm, String requiredGroups) throws SQLException {
        insert("insert into XAA_CONNECTION (ID, REALM_ID, REQUIRED_GROUPS) values (?, ?, ?)", id, realm, requiredGroups);
    }

    private void insert(String sql, Object... values) throws SQLException {
        try (PreparedStatement insert = jdbc.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    private String stored(String connectionId) throws SQLException {
        try (PreparedStatement select = jdbc.prepareStatement("select REQUIRED_GROUPS from XAA_CONNECTION where ID = ?")) {
            select.setString(1, connectionId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
