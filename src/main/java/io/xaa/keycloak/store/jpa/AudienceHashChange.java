package io.xaa.keycloak.store.jpa;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.DatabaseException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Fills XAA_RESOURCE_APP.AUDIENCE_HASH of the apps that existed before the column (changeset 2026-12-02-audience-hash).
 * In Java rather than SQL because each database spells SHA-256 and hex differently, and the hash must equal
 * {@link AudienceHash} byte for byte; in the changeset, so the column is complete before its NOT NULL and unique key.
 */
public final class AudienceHashChange implements CustomTaskChange {

    private static final String TABLE = "XAA_RESOURCE_APP";

    @Override
    public void execute(Database database) throws CustomChangeException {
        String table = database.escapeTableName(database.getDefaultCatalogName(), database.getDefaultSchemaName(), TABLE);
        JdbcConnection connection = (JdbcConnection) database.getConnection();
        try (PreparedStatement select = connection.prepareStatement("SELECT ID, AUDIENCE FROM " + table);
             PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET AUDIENCE_HASH = ? WHERE ID = ?");
             ResultSet apps = select.executeQuery()) {
            while (apps.next()) {
                update.setString(1, AudienceHash.of(apps.getString(2)));
                update.setString(2, apps.getString(1));
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException | DatabaseException e) {
            throw new CustomChangeException("cannot fill " + TABLE + ".AUDIENCE_HASH", e);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return TABLE + ".AUDIENCE_HASH filled";
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
