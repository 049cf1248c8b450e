package io.xaa.keycloak.store.jpa;

import io.xaa.keycloak.keycloak.ClusterAwareTaskRunner;
import io.xaa.keycloak.keycloak.ProviderOptions;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ConnectionRegistryProviderFactory;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;

/**
 * Registers cleanup so connections never outlive their realm or requesting client, nor a user block its user, and schedules the fold that
 * keeps the use table small.
 */
public final class JpaConnectionRegistryProviderFactory implements ConnectionRegistryProviderFactory {

    public static final String ID = "jpa";

    @Override
    public ConnectionRegistry create(KeycloakSession session) {
        return new JpaConnectionRegistry(session, session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    private Duration foldInterval;
    private Duration foldAge;

    @Override
    public void init(Config.Scope config) {
        foldInterval = ProviderOptions.duration(config, ID, "usage-fold-interval", UsageFoldTask.DEFAULT_INTERVAL);
        foldAge = ProviderOptions.duration(config, ID, "usage-fold-age", UsageFoldTask.DEFAULT_AGE);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("usage-fold-interval").type("string").defaultValue("PT15M")
                .helpText("How often one node folds old connection-use rows into their connection (PT15M).").add()
                .property().name("usage-fold-age").type("string").defaultValue("PT10M")
                .helpText("Use rows older than this are folded; keep it far above any request's duration (PT10M).").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ClusterAwareTaskRunner.schedule(factory, new UsageFoldTask(foldAge), foldInterval);
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionRegistry.class).removeRealm(removed.getRealm());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionRegistry.class).removeClient(removed.getClient());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                removed.getKeycloakSession().getProvider(ConnectionRegistry.class).removeUser(removed.getRealm(), removed.getUser().getId());
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
