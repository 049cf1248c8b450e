package io.xaa.keycloak.store.jpa;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Liquibase change {@code 2026-12-02-required-group-ids}: connections stored their required groups as paths;
 * they now store group ids. It runs once, in the schema update's transaction, before any request can read a
 * connection, so no code path ever has to tell a path from an id. It reads KEYCLOAK_GROUP directly because no
 * Keycloak session exists during the schema update.
 * Fail closed: a path that names no single realm group (none, or several since names may contain '/')
 * becomes a marker that no group id can equal, so the connection keeps refusing through it, and the admin
 * API shows it among the missing groups.
 */
public final class RequiredGroupIdsMigration implements CustomTaskChange {

    /** Longer than KEYCLOAK_GROUP.ID (VARCHAR(36)), so it can never be a group's id. */
    static final String UNRESOLVED_PREFIX = "xaa-migration:no-single-group-at-path:";
    /** Stored alone when the ids would not fit the column (it holds at most 4000 characters). */
    static final String TOO_LONG = "xaa-migration:required-groups-too-long-to-migrate";

    private static final Logger LOG = Logger.getLogger(RequiredGroupIdsMigration.class);
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final int COLUMN_LENGTH = 4000;
    /** Plain Jackson: the lists are plain JSON string arrays, and Keycloak's mapper needs modules a unit test lacks. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private int migrated;

    @Override
    public void execute(Database database) throws CustomChangeException {
        try {
            Connection jdbc = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
            // Tables named as AudienceHashChange names them: Liquibase's own escaping, in Keycloak's schema.
            migrated = migrate(jdbc, table -> database.escapeTableName(database.getDefaultCatalogName(), database.getDefaultSchemaName(), table));
        } catch (SQLException | IOException e) {
            throw new CustomChangeException("cannot migrate the required groups of connections to group ids", e);
        }
    }

    /** Rewrites every connection's required group paths as ids; returns how many connections changed. */
    static int migrate(Connection jdbc, UnaryOperator<String> table) throws SQLException, IOException {
        Map<String, String> groupsByConnection = new HashMap<>();
        Map<String, String> realmByConnection = new HashMap<>();
        try (PreparedStatement select = jdbc.prepareStatement("select ID, REALM_ID, REQUIRED_GROUPS from " + table.apply("XAA_CONNECTION")
                + " where REQUIRED_GROUPS is not null");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                groupsByConnection.put(rows.getString(1), rows.getString(3));
                realmByConnection.put(rows.getString(1), rows.getString(2));
            }
        }
        Map<String, GroupPathIndex> indexByRealm = new HashMap<>();
        int changed = 0;
        try (PreparedStatement update = jdbc.prepareStatement("update " + table.apply("XAA_CONNECTION")
                + " set REQUIRED_GROUPS = ? where ID = ?")) {
            for (Map.Entry<String, String> connection : groupsByConnection.entrySet()) {
                List<String> paths = JSON.readValue(connection.getValue(), STRING_LIST);
                if (paths == null || paths.isEmpty()) {
                    continue;
                }
                String realmId = realmByConnection.get(connection.getKey());
                GroupPathIndex index = indexByRealm.get(realmId);
                if (index == null) {
                    index = new GroupPathIndex(groups(jdbc, table, realmId));
                    indexByRealm.put(realmId, index);
                }
                update.setString(1, JSON.writeValueAsString(ids(connection.getKey(), paths, index)));
                update.setString(2, connection.getKey());
                update.addBatch();
                changed++;
            }
            update.executeBatch();
        }
        return changed;
    }

    static List<String> ids(String connectionId, List<String> paths, GroupPathIndex index) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String path : paths) {
            ids.add(index.idOf(path).orElseGet(() -> {
                LOG.warnf("connection %s required group path %s, which names no single group now; it refuses everyone"
                        + " through it until an admin names the group again", connectionId, path);
                return UNRESOLVED_PREFIX + path;
            }));
        }
        if (JSON.writeValueAsString(ids).length() > COLUMN_LENGTH) {
            LOG.warnf("connection %s required more groups than fit as ids; it refuses everyone until an admin sets them again", connectionId);
            return List.of(TOO_LONG);
        }
        return ids;
    }

    /** Realm groups only: organization groups (TYPE 1) have no path from the realm's root. */
    private static List<GroupPathIndex.Group> groups(Connection jdbc, UnaryOperator<String> table, String realmId) throws SQLException {
        List<GroupPathIndex.Group> groups = new ArrayList<>();
        try (PreparedStatement select = jdbc.prepareStatement("select ID, NAME, PARENT_GROUP from " + table.apply("KEYCLOAK_GROUP")
                + " where REALM_ID = ? and (TYPE is null or TYPE = 0)")) {
            select.setString(1, realmId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    groups.add(new GroupPathIndex.Group(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return groups;
    }

    @Override
    public String getConfirmationMessage() {
        return "required groups of " + migrated + " connections stored as group ids";
    }

    @Override
    public void setUp() {
    }

    @Override
    public void setFileOpener(ResourceAccessor resourceAccessor) {
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}
