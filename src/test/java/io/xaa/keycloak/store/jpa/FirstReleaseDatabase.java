package io.xaa.keycloak.store.jpa;

import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A database as the first release (commit {@code e1f9519}) left it: its changelogs, kept byte for byte as test
 * resources under {@code changelogs-as-shipped}, run by Liquibase into the changelog tables Keycloak uses for this
 * extension, and rows written as that release stored them. {@link ChangelogUpgradeTest} upgrades it on H2; the
 * database profiles make it before Keycloak boots and {@code DatabaseUpgradeIT} reads it back through the REST API.
 * Our tables have no foreign key to Keycloak's, so the rows may precede their realm and client.
 */
public final class FirstReleaseDatabase {

    public static final String REALM_ID = "6e000000-0000-4000-a000-000000000000";
    /** The client of the connection that needs no group. */
    public static final String CLIENT_UUID = "6e000000-0000-4000-a000-0000000000a1";
    /** The client of the connection that requires groups by path ("/eng", "/gone"). */
    public static final String GROUPS_CLIENT_UUID = "6e000000-0000-4000-a000-0000000000a2";
    public static final String APP_ID = "6e000000-0000-4000-a000-0000000000b1";
    public static final String AUDIENCE = "https://as-dbupgrade.example.com";
    public static final String RESOURCE = "https://mcp-dbupgrade.example.com/files";
    public static final String CONNECTION_ID = "6e000000-0000-4000-a000-0000000000c1";
    public static final String GROUPS_CONNECTION_ID = "6e000000-0000-4000-a000-0000000000c2";
    public static final String ISSUED_RECORD_ID = "6e000000-0000-4000-a000-0000000000d1";
    public static final String REVOCATION_RECORD_ID = "6e000000-0000-4000-a000-0000000000d2";
    /** 2026-11-26T06:00:00Z, when the first release wrote the rows (milliseconds, as it stored times). */
    public static final long WRITTEN_AT = 1_795_672_800_000L;

    private FirstReleaseDatabase() {
    }

    /** Runs the first release's changelogs, as Keycloak ran them, on an empty database. */
    public static void createSchema(Connection connection) throws Exception {
        update(liquibase(connection), "changelogs-as-shipped");
    }

    /** Runs the current changelogs, as Keycloak's boot does. */
    static void upgradeSchema(Connection connection) throws Exception {
        update(liquibase(connection), "");
    }

    private static Database liquibase(Connection connection) throws Exception {
        Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
        database.setDatabaseChangeLogTableName("DATABASECHANGELOG_XAA_STORE");
        database.setDatabaseChangeLogLockTableName("DATABASECHANGELOGLOCK_XAA_STORE");
        return database;
    }

    /** Runs META-INF/xaa/changelog-master.xml below the given test-classpath folder ("" for the current changelogs). */
    private static void update(Database database, String root) throws Exception {
        String master = "META-INF/xaa/changelog-master.xml";
        File file = new File(FirstReleaseDatabase.class.getClassLoader().getResource(root.isEmpty() ? master : root + "/" + master).toURI());
        File folder = file.getParentFile().getParentFile().getParentFile();
        new Liquibase(master, new DirectoryResourceAccessor(folder), database).update("");
    }

    /**
     * One resource app, two connections (one without groups; one requiring the groups "/eng" and "/gone" by path,
     * as the first release stored them) and two audit records, in the first release's columns.
     */
    public static void writeRows(Connection connection) throws SQLException {
        execute(connection, "INSERT INTO XAA_RESOURCE_APP (ID, REALM_ID, NAME, AUDIENCE, RESOURCES, SCOPES, ID_JAG_LIFETIME, INCLUDE_EMAIL, ENABLED)"
                + " VALUES (?, ?, 'Upgraded', ?, ?, '[\"read\",\"write\"]', 60, FALSE, TRUE)", APP_ID, REALM_ID, AUDIENCE, "[\"" + RESOURCE + "\"]");
        String connectionInsert = "INSERT INTO XAA_CONNECTION (ID, REALM_ID, CLIENT_UUID, RESOURCE_APP_ID, CLIENT_ID_AT_APP, SCOPES,"
                + " REQUIRED_GROUPS, ENABLED, DESCRIPTION, CREATED_BY, CREATED_AT, UPDATED_AT)"
                + " VALUES (?, ?, ?, ?, ?, '[\"read\"]', ?, TRUE, 'made by the first release', 'admin', " + WRITTEN_AT + ", " + WRITTEN_AT + ")";
        execute(connection, connectionInsert, CONNECTION_ID, REALM_ID, CLIENT_UUID, APP_ID, "agent-at-upgraded", null);
        execute(connection, connectionInsert, GROUPS_CONNECTION_ID, REALM_ID, GROUPS_CLIENT_UUID, APP_ID, "grouped-at-upgraded",
                "[\"/eng\",\"/gone\"]");
        execute(connection, "INSERT INTO XAA_AUDIT_RECORD (ID, EVENT_TIME, REALM_ID, REALM_NAME, TYPE, OUTCOME, CLIENT_ID, USER_ID, USERNAME,"
                        + " RESOURCE_APP_ID, AUDIENCE, RESOURCES, SCOPE_REQUESTED, SCOPE_GRANTED, JTI, CONNECTION_ID)"
                        + " VALUES (?, " + WRITTEN_AT + ", ?, 'dbupgrade-it', 'ID_JAG_ISSUED', 'SUCCESS', 'agent', 'user-of-first-release', 'alice',"
                        + " ?, ?, ?, 'read', 'read', 'jti-of-first-release', ?)",
                ISSUED_RECORD_ID, REALM_ID, APP_ID, AUDIENCE, RESOURCE, CONNECTION_ID);
        execute(connection, "INSERT INTO XAA_AUDIT_RECORD (ID, EVENT_TIME, REALM_ID, REALM_NAME, TYPE, OUTCOME, CLIENT_ID, RESOURCE_APP_ID,"
                        + " CONNECTION_ID, OPERATION, RESOURCE_TYPE, BEFORE_JSON)"
                        + " VALUES (?, " + (WRITTEN_AT + 1000) + ", ?, 'dbupgrade-it', 'REVOCATION', 'SUCCESS', 'agent', ?, ?, 'DELETE', 'connection',"
                        + " '{\"id\":\"gone-before-the-upgrade\"}')",
                REVOCATION_RECORD_ID, REALM_ID, APP_ID, CONNECTION_ID);
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static void execute(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
