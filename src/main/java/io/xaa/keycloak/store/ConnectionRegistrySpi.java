package io.xaa.keycloak.store;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

public final class ConnectionRegistrySpi implements Spi {

    public static final String NAME = "xaa-connection-registry";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return ConnectionRegistry.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ConnectionRegistryProviderFactory.class;
    }
}
