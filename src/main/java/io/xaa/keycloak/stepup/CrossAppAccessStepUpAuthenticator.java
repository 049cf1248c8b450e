package io.xaa.keycloak.stepup;

import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ResourceAppQuery;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Raises the requested Level of Authentication of a login whose authorization request names a sensitive
 * resource or scope (see {@link StepUpTrigger} for the rule), so the user gives the second factor now, also
 * over an SSO session, instead of the exchange refusing the ID token later. It only writes the note that
 * {@code AuthorizationEndpoint} wrote from {@code acr_values}; Cookie and the "Condition - Level of
 * Authentication" executions that follow read it, and the ID token's {@code acr} reports the level reached.
 *
 * <p>It does not set {@link Constants#FORCE_LEVEL_OF_AUTHENTICATION}: the exchange already refuses an ID token
 * below the level, whereas forcing would fail every login naming the resource when the flow has no condition
 * for that level.
 */
final class CrossAppAccessStepUpAuthenticator implements Authenticator {

    /** Enough for any realm's resource apps; the registry caps a page at 1000. */
    private static final int MAX_APPS = 1000;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String resource = authSession.getClientNote(OAuth2Constants.RESOURCE);
        Set<String> scopes = StepUpTrigger.scopes(authSession.getClientNote(OAuth2Constants.SCOPE));
        if (resource != null || !scopes.isEmpty()) {
            List<ResourceApp> apps = context.getSession().getProvider(ConnectionRegistry.class)
                    .resourceApps(context.getRealm(), new ResourceAppQuery(null, true), 0, MAX_APPS);
            OptionalInt required = StepUpTrigger.requiredLevel(apps, resource, scopes,
                    KeycloakInternals.acrLoaMap(authSession.getClient()));
            if (required.isPresent()) {
                String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
                authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION,
                        String.valueOf(StepUpTrigger.raise(requested, required.getAsInt())));
            }
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // authenticate() always succeeds at once, so there is never a form to post back
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // nothing for the user to set up
    }

    @Override
    public void close() {
        // stateless
    }
}
