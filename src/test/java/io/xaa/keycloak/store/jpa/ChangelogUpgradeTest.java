package io.xaa.keycloak.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A database created by the changelogs as first shipped ({@link FirstReleaseDatabase}) upgrades to the current ones
 * on H2, as Keycloak's own Liquibase would run them: shipped checksums still validate, existing apps get their
 * audience hash, the unique key moves from the audience to its hash, and required group paths become group ids (an
 * unresolvable one a marker that matches nobody). {@code DatabaseUpgradeIT} does the same on PostgreSQL and MariaDB.
 */
final class ChangelogUpgradeTest {

    @Test
    @DisplayName("a database of the first release upgrades: hashes filled, key on the hash, old key gone")
    void upgradesAShippedDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:changelog-upgrade;DB_CLOSE_DELAY=-1", "sa", "")) {
            FirstReleaseDatabase.createSchema(connection);
            FirstReleaseDatabase.writeRows(connection);
            try (Statement insert = connection.createStatement()) {
                // Keycloak's own group table, as far as the required-groups migration reads it.
                insert.executeUpdate("CREATE TABLE KEYCLOAK_GROUP (ID VARCHAR(36), NAME VARCHAR(255), PARENT_GROUP VARCHAR(36),"
                        + " REALM_ID VARCHAR(36), TYPE INT)");
                insert.executeUpdate("INSERT INTO KEYCLOAK_GROUP VALUES ('group-eng', 'eng', ' ', '" + FirstReleaseDatabase.REALM_ID + "', 0)");
            }
            connection.commit();

            FirstReleaseDatabase.upgradeSchema(connection);

            assertEquals(List.of(AudienceHash.of(FirstReleaseDatabase.AUDIENCE)), column(connection, "SELECT AUDIENCE_HASH FROM XAA_RESOURCE_APP"));
            assertEquals(List.of("PK_XAA_RESOURCE_APP", "UK_XAA_RESOURCE_APP_AUD_HASH"), column(connection,
                    "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = 'XAA_RESOURCE_APP' ORDER BY CONSTRAINT_NAME"));
            assertEquals(List.of("[\"group-eng\",\"" + RequiredGroupIdsMigration.UNRESOLVED_PREFIX + "/gone\"]"),
                    column(connection, "SELECT REQUIRED_GROUPS FROM XAA_CONNECTION WHERE ID = '" + FirstReleaseDatabase.GROUPS_CONNECTION_ID + "'"));
        }
    }

    private static List<String> column(Connection connection, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
