package io.xaa.keycloak.stepup;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Registers {@link CrossAppAccessStepUpAuthenticator} for browser flows. */
public final class CrossAppAccessStepUpAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "xaa-step-up";

    private static final CrossAppAccessStepUpAuthenticator SINGLETON = new CrossAppAccessStepUpAuthenticator();
    private static final Requirement[] REQUIREMENT_CHOICES = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Cross App Access step-up";
    }

    @Override
    public String getHelpText() {
        return "Raises the requested Level of Authentication when the authorization request names an MCP resource or "
                + "a scope that a Cross App Access resource app protects with step-up, so the user is asked for the "
                + "stronger login now and the ID token's acr passes the ID-JAG exchange. Place it first (REQUIRED) in "
                + "the browser flow, with Cookie and the 'Condition - Level of Authentication' sub-flows in a REQUIRED "
                + "sub-flow after it.";
    }

    /**
     * Not a credential type; non-null because Keycloak compares the categories of a flow's executions without a
     * null check.
     */
    @Override
    public String getReferenceCategory() {
        return ID;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    /**
     * No ALTERNATIVE: the authenticator always succeeds, so as an alternative it would satisfy its flow by itself
     * and skip the real logins beside it.
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
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }

    @Override
    public void init(Config.Scope config) {
        // no server-wide settings
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        // stateless
    }
}
