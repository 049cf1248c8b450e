package io.xaa.keycloak.store.jpa;

import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ConnectionRegistryProviderFactory;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/** Registers cleanup so connections never outlive their realm or requesting client. */
public final class JpaConnectionRegistryProviderFactory implements ConnectionRegistryProviderFactory {

    public static final String ID = "jpa";

    @Override
    public ConnectionRegistry create(KeycloakSession session) {
        return new JpaConnectionRegistry(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionRegistry.class).removeRealm(removed.getRealm().getId());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                ClientModel client = removed.getClient();
                removed.getKeycloakSession().getProvider(ConnectionRegistry.class).removeClient(client.getRealm().getId(), client.getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
