package io.xaa.keycloak.cluster;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;

/**
 * Starts one {@link Cluster} for the whole run of the cluster suite (kept in the root store, so it is closed when
 * the run ends, also on failure) and hands it to test classes as a parameter.
 */
public final class ClusterExtension extends TypeBasedParameterResolver<Cluster> implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        running(context);
    }

    @Override
    public Cluster resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return running(extension);
    }

    private static Cluster running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", key -> {
            try {
                return Cluster.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the cluster", e);
            }
        }, Cluster.class);
    }
}
