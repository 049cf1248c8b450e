package io.xaa.keycloak.it.vetoing;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Test-only provider, in every test server's home beside the extension ({@code KeycloakExtension.writeTestListener}):
 * when {@link #CLIENT} is issued an ID-JAG it marks the request's transaction rollback-only, as the audit listener does
 * when it cannot write the record. Only {@code ErrorDescriptionIT} gives that client a connection.
 */
public final class VetoingEventListenerFactory implements EventListenerProviderFactory {

    public static final String CLIENT = "agent-unaudited";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (event.getType() == EventType.TOKEN_EXCHANGE && CLIENT.equals(event.getClientId())) {
                    session.getTransactionManager().setRollbackOnly();
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public boolean isGlobal() {
        return true;
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
        return "xaa-test-vetoing";
    }
}
