package io.xaa.keycloak.store.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import java.util.List;

/** Adds the registry's tables to Keycloak's database. The id names the changelog table: never change it. */
public final class RegistryEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "xaa-store";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ResourceAppEntity.class, ConnectionEntity.class, ConnectionUseEntity.class, IssuanceEntity.class, UserBlockEntity.class, io.xaa.keycloak.audit.jpa.AuditRecordEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/xaa/changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
