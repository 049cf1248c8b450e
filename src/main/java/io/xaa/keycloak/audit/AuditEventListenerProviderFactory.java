package io.xaa.keycloak.audit;

import io.xaa.keycloak.keycloak.ClusterAwareTaskRunner;
import io.xaa.keycloak.keycloak.ProviderOptions;
import io.xaa.keycloak.store.ConnectionsRemoved;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;

/**
 * The audit trail of Cross App Access. Global: it receives every realm's events and a realm admin cannot
 * switch it off. Options ({@code --spi-events-listener--xaa-audit--<name>}): {@code retention} and
 * {@code purge-interval}, ISO-8601 durations.
 */
public final class AuditEventListenerProviderFactory implements EventListenerProviderFactory {

    public static final String ID = "xaa-audit";
    static final Duration DEFAULT_RETENTION = Duration.ofDays(90);
    static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

    private Duration retention;
    private Duration purgeInterval;
    private AuditMetrics metrics;

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditEventListenerProvider(session, metrics);
    }

    @Override
    public void init(Config.Scope config) {
        retention = ProviderOptions.duration(config, ID, "retention", DEFAULT_RETENTION);
        purgeInterval = ProviderOptions.duration(config, ID, "purge-interval", DEFAULT_PURGE_INTERVAL);
        // The key of Keycloak's MetricsOptions.METRICS_ENABLED, read as Keycloak's own providers read it.
        metrics = config.root().getBoolean("metrics-enabled", false) ? AuditMetrics.registered() : AuditMetrics.disabled();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ClusterAwareTaskRunner.schedule(factory, new AuditPurgeTask(retention), purgeInterval);
        // A removal the store makes as a side effect raises no admin event of ours: it publishes its own.
        factory.register(event -> {
            if (event instanceof ConnectionsRemoved removed) {
                new AuditEventListenerProvider(removed.session(), metrics).onConnectionsRemoved(removed);
            }
        });
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("retention").type("string").defaultValue("P90D")
                .helpText("How long audit records are kept, as an ISO-8601 duration (P90D).").add()
                .property().name("purge-interval").type("string").defaultValue("PT1H")
                .helpText("How often one node of the cluster deletes expired audit records (PT1H).").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
