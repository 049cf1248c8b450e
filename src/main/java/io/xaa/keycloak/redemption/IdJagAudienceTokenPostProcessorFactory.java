package io.xaa.keycloak.redemption;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

public final class IdJagAudienceTokenPostProcessorFactory implements TokenPostProcessorFactory {

    public static final String ID = "xaa-id-jag-audience";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new IdJagAudienceTokenPostProcessor(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    /** Last (Keycloak runs the highest order first): after resource indicators, the audience is the ID-JAG's. */
    @Override
    public int order() {
        return -100;
    }
}
