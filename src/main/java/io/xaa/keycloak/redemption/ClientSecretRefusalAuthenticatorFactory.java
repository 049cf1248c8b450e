package io.xaa.keycloak.redemption;

import org.keycloak.Config;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client-authentication step "Client secret refused as invalid_client" of the ID-JAG redemption template (see
 * {@link ClientSecretRefusalAuthenticator}). It adds no authentication method: discovery's
 * {@code token_endpoint_auth_methods_supported} is unchanged.
 */
public final class ClientSecretRefusalAuthenticatorFactory implements ClientAuthenticatorFactory {

    public static final String ID = "xaa-client-secret-refusal";
    /** Keycloak's "Client Id and Secret" authenticator, which this step runs first. */
    static final String CLIENT_SECRET = "client-secret";

    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.ALTERNATIVE};

    private KeycloakSessionFactory sessionFactory;

    @Override
    public ClientAuthenticator create() {
        ClientAuthenticatorFactory clientSecret = (ClientAuthenticatorFactory) sessionFactory
                .getProviderFactory(ClientAuthenticator.class, CLIENT_SECRET);
        return new ClientSecretRefusalAuthenticator(clientSecret.create());
    }

    @Override
    public ClientAuthenticator create(KeycloakSession session) {
        return create();
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Client secret refused as invalid_client (Cross App Access)";
    }

    @Override
    public String getHelpText() {
        return "Place first, ALTERNATIVE, in a copy of the 'clients' flow and bind that copy as the realm's client "
                + "authentication flow: a confidential client whose secret is missing or wrong is then refused with "
                + "RFC 6749's 401 invalid_client instead of Keycloak's unauthorized_client. Clients keep 'Client Id "
                + "and Secret' as their authenticator.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    /**
     * ALTERNATIVE only: a REQUIRED step would be the only one the flow runs, and it authenticates no client itself.
     * With one choice Keycloak adds the step enabled (with two, disabled), so adding it is one call; delete it to
     * switch it off.
     */
    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return List.of();
    }

    @Override
    public Map<String, Object> getAdapterConfiguration(KeycloakSession session, ClientModel client) {
        return Map.of();
    }

    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return Set.of();
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
    }

    @Override
    public void close() {
    }
}
