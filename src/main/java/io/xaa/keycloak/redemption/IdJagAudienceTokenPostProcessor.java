package io.xaa.keycloak.redemption;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;

import java.util.List;

/**
 * Makes a redeemed ID-JAG's resources the access token's whole audience (MCP: the token is audience-restricted to
 * the MCP server the ID-JAG names), replacing what the client's mappers put there. Acts only on a request whose
 * assertion {@link IdJagRedemptionExecutor} accepted.
 */
final class IdJagAudienceTokenPostProcessor implements TokenPostProcessor {

    private final KeycloakSession session;

    IdJagAudienceTokenPostProcessor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void process(TokenPostProcessorContext context) {
        @SuppressWarnings("unchecked")
        List<String> resources = session.getAttribute(IdJagRedemptionExecutor.RESOURCES, List.class);
        if (resources != null && !resources.isEmpty() && context.accessToken() != null) {
            context.accessToken().audience(resources.toArray(String[]::new));
        }
    }
}
