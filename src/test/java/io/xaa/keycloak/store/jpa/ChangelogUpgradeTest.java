package io.xaa.keycloak.store.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

import java.io.File;
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
 * A database created by the changelogs as first shipped (test resources {@code changelogs-as-shipped}) upgrades to
 * the current ones on H2, as Keycloak's own Liquibase would run them: shipped checksums still validate, existing
 * apps get their audience hash, the unique key moves from the audience to its hash, and required group paths
 * become group ids (an unresolvable one a marker that matches nobody).
 */
final class ChangelogUpgradeTest {

    @Test
    @DisplayName("a database of the first release upgrades: hashes filled, key on the hash, old key gone")
    void upgradesAShippedDatabase() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:changelog-upgrade;DB_CLOSE_DELAY=-1", "sa", "")) {
            update(connection, "changelogs-as-shipped");
            try (Statement insert = connection.createStatement()) {
                insert.executeUpdate("INSERT INTO XAA_RESOURCE_APP (ID, REALM_ID, NAME, AUDIENCE, ID_JAG_LIFETIME, INCLUDE_EMAIL, ENABLED)"
                        + " VALUES ('app-1', 'realm-1', 'One', 'https://as.example.com', 60, FALSE, TRUE)");
                // Keycloak's own group table, as far as the required-groups migration reads it.
                insert.executeUpdate("CREATE TABLE KEYCLOAK_GROUP (ID VARCHAR(36), NAME VARCHAR(255), PARENT_GROUP VARCHAR(36),"
                        + " REALM_ID VARCHAR(36), TYPE INT)");
                insert.executeUpdate("INSERT INTO KEYCLOAK_GROUP VALUES ('group-eng', 'eng', ' ', 'realm-1', 0)");
                insert.executeUpdate("INSERT INTO XAA_CONNECTION (ID, REALM_ID, CLIENT_UUID, RESOURCE_APP_ID, CLIENT_ID_AT_APP,"
                        + " REQUIRED_GROUPS, ENABLED, CREATED_AT, UPDATED_AT)"
                        + " VALUES ('conn-1', 'realm-1', 'client-1', 'app-1', 'agent', '[\"/eng\",\"/gone\"]', TRUE, 0, 0)");
            }
            connection.commit();

            update(connection, "");

            assertEquals(List.of(AudienceHash.of("https://as.example.com")), column(connection, "SELECT AUDIENCE_HASH FROM XAA_RESOURCE_APP"));
            assertEquals(List.of("PK_XAA_RESOURCE_APP", "UK_XAA_RESOURCE_APP_AUD_HASH"), column(connection,
                    "SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_NAME = 'XAA_RESOURCE_APP' ORDER BY CONSTRAINT_NAME"));
            assertEquals(List.of("[\"group-eng\",\"" + RequiredGroupIdsMigration.UNRESOLVED_PREFIX + "/gone\"]"),
                    column(connection, "SELECT REQUIRED_GROUPS FROM XAA_CONNECTION"));
        }
    }

    /** Runs META-INF/xaa/changelog-master.xml below the given test-classpath folder ("" for the current changelogs). */
    private static void update(Connection connection, String root) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        database.setDatabaseChangeLogTableName("DATABASECHANGELOG_XAA_STORE");
        database.setDatabaseChangeLogLockTableName("DATABASECHANGELOGLOCK_XAA_STORE");
        String master = "META-INF/xaa/changelog-master.xml";
        File file = new File(ChangelogUpgradeTest.class.getClassLoader().getResource(root.isEmpty() ? master : root + "/" + master).toURI());
        File folder = file.getParentFile().getParentFile().getParentFile();
        new Liquibase(master, new DirectoryResourceAccessor(folder), database).update("");
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
