package io.xaa.keycloak.redemption;

import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.AuthenticationFlowException;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.models.ClientModel;

/**
 * Runs Keycloak's own client-secret authenticator and, where it refuses a confidential client that authenticates
 * with a secret, aborts the client-authentication flow so that Keycloak answers RFC 6749 §5.2's 401
 * {@code invalid_client}. Keycloak's authenticator answers a missing or wrong secret with {@code unauthorized_client}
 * itself, and the flow sends that answer before any grant or client policy runs (checklist N41). It must come before
 * "Client Id and Secret" in the realm's client-authentication flow: Keycloak runs the flow's alternatives in order and
 * stops at the one that is the client's own authenticator. Clients that authenticate otherwise, and requests whose
 * client Keycloak does not know, are left to the flow.
 */
final class ClientSecretRefusalAuthenticator implements ClientAuthenticator {

    private final ClientAuthenticator clientSecret;

    ClientSecretRefusalAuthenticator(ClientAuthenticator clientSecret) {
        this.clientSecret = clientSecret;
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        clientSecret.authenticateClient(context);
        ClientModel client = context.getClient();
        if (client == null || client.isPublicClient() || !usesClientSecret(client)) {
            return;
        }
        if (context.getStatus() != FlowStatus.SUCCESS) {
            // Keycloak maps these errors to 401 invalid_client, and records the error on the event.
            throw new AuthenticationFlowException(context.getError() == AuthenticationFlowError.CLIENT_DISABLED
                    ? AuthenticationFlowError.CLIENT_DISABLED : AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS);
        }
    }

    /** A client without a type is a client-secret client to Keycloak's flow too (its fallback for old data). */
    private static boolean usesClientSecret(ClientModel client) {
        String type = client.getClientAuthenticatorType();
        return type == null || ClientSecretRefusalAuthenticatorFactory.CLIENT_SECRET.equals(type)
                || ClientSecretRefusalAuthenticatorFactory.ID.equals(type);
    }

    @Override
    public void close() {
    }
}
