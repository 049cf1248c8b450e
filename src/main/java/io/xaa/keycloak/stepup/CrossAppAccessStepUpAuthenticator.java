package io.xaa.keycloak.stepup;

import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.ResourceAppQuery;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Raises the requested Level of Authentication of a login whose authorization request names a sensitive
 * resource or scope (see {@link StepUpTrigger} for the rule), so the user gives the second factor now, also
 * over an SSO session, instead of the exchange refusing the ID token later. Levels come from the realm's
 * ACR-to-LoA map, as in the exchange, never from the client's own. It only writes the note that
 * {@code AuthorizationEndpoint} wrote from {@code acr_values}; Cookie and the "Condition - Level of
 * Authentication" executions that follow read it, and the ID token's {@code acr} reports the level reached.
 *
 * <p>It does not set {@link Constants#FORCE_LEVEL_OF_AUTHENTICATION}: the exchange already refuses an ID token
 * below the level, whereas forcing would fail every login naming the resource when the flow has no condition
 * for that level.
 */
final class CrossAppAccessStepUpAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(CrossAppAccessStepUpAuthenticator.class);

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
            Map<String, Integer> acrLoaMap = KeycloakInternals.acrLoaMap(context.getRealm());
            warnOfUnresolvable(StepUpTrigger.unresolvable(apps, resource, scopes, acrLoaMap), context.getRealm());
            OptionalInt required = StepUpTrigger.requiredLevel(apps, resource, scopes, acrLoaMap);
            if (required.isPresent()) {
                String requested = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
                authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION,
                        String.valueOf(StepUpTrigger.raise(requested, required.getAsInt())));
            }
        }
        context.success();
    }

    /**
     * A step-up the realm's map no longer resolves leaves the requested level as the client asked it: a guessed
     * level would be arbitrary, failing the login would lock the client out over a policy error, and lowering
     * is never done. It is safe because the exchange refuses such an app (STEP_UP_UNRESOLVABLE) whatever the
     * login reaches; the warning tells the admin what to fix.
     */
    private static void warnOfUnresolvable(List<ResourceApp> apps, RealmModel realm) {
        for (ResourceApp app : apps) {
            LOG.warnf("Resource app %s of realm %s requires a step-up whose ACR values are not in the realm's ACR to LoA"
                    + " mapping; its ID-JAGs are refused until the mapping or the app is fixed", app.audience(), realm.getName());
        }
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
