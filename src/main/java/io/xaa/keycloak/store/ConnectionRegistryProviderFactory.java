package io.xaa.keycloak.store;

import org.keycloak.provider.ProviderFactory;

public interface ConnectionRegistryProviderFactory extends ProviderFactory<ConnectionRegistry> {
}
