package io.xaa.keycloak.redemption;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.xaa.keycloak.keycloak.KeycloakInternals;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.JWTAuthorizationGrantValidationContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@link RedemptionRules} to a JWT authorization grant (RFC 7523 jwt-bearer) once Keycloak has verified the
 * assertion's signature, lifetime, single use and user, and before it builds the access token: a refusal ends the
 * request with its OAuth error; a redemption restricts the client scopes to the allowed ones and leaves the
 * resources for {@link IdJagAudienceTokenPostProcessor}.
 */
public final class IdJagRedemptionExecutor implements ClientPolicyExecutorProvider<IdJagRedemptionExecutor.Configuration> {

    /** Where the executor leaves the redeemed ID-JAG's resources for the access token's audience. */
    static final String RESOURCES = "xaa.redemption.resources";

    private final KeycloakSession session;
    private Configuration configuration;

    IdJagRedemptionExecutor(KeycloakSession session) {
        this.session = session;
    }

    /** The executor's settings, as an admin enters them on the client profile (see the factory for their meaning). */
    public static final class Configuration extends ClientPolicyExecutorConfigurationRepresentation {
        @JsonProperty(IdJagRedemptionExecutorFactory.MAX_LIFETIME)
        public Integer maxLifetime;
        @JsonProperty(IdJagRedemptionExecutorFactory.RESOURCE_REQUIRED)
        public Boolean resourceRequired;
        @JsonProperty(IdJagRedemptionExecutorFactory.RESOURCES)
        public List<String> resources;
        @JsonProperty(IdJagRedemptionExecutorFactory.DPOP_REQUIRED)
        public Boolean dpopRequired;
    }

    @Override
    public void setupConfiguration(Configuration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Class<Configuration> getExecutorConfigurationClass() {
        return Configuration.class;
    }

    @Override
    public String getProviderId() {
        return IdJagRedemptionExecutorFactory.ID;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.JWT_AUTHORIZATION_GRANT) {
            return;
        }
        JWTAuthorizationGrantValidationContext grant = KeycloakInternals.authorizationGrant(context);
        RealmModel realm = session.getContext().getRealm();
        ClientModel client = session.getContext().getClient();
        Map<String, Object> claims;
        JWSInput assertion;
        try {
            assertion = new JWSInput(grant.getAssertion());
            claims = assertion.readJsonContent(Map.class);
        } catch (JWSInputException | RuntimeException e) {
            throw refused("invalid_grant", "the assertion is not a JWT with a JSON payload");
        }
        RedemptionRules.Request request = new RedemptionRules.Request(KeycloakInternals.issuer(session, realm),
                client.getClientId(), grant.getScopeParam(), KeycloakInternals.dpopThumbprint(session));
        RedemptionRules.Outcome outcome = RedemptionRules.check(assertion.getHeader().getType(), claims, request, settings());
        if (outcome instanceof RedemptionRules.Refuse refuse) {
            throw refused(refuse.error(), refuse.reason());
        }
        RedemptionRules.Redeem redeem = (RedemptionRules.Redeem) outcome;
        grant.setRestrictedScopes(restrictedScopes(client, redeem.scopes()));
        session.setAttribute(RESOURCES, redeem.resources());
    }

    /**
     * The settings, checked: a setting that cannot be read refuses every redemption (fail closed) rather than falling
     * back to a default; an omitted one takes the documented default.
     */
    private RedemptionRules.Settings settings() throws ClientPolicyException {
        Configuration c = configuration == null ? new Configuration() : configuration;
        int maxLifetime = c.maxLifetime == null ? IdJagRedemptionExecutorFactory.DEFAULT_MAX_LIFETIME : c.maxLifetime;
        if (maxLifetime <= 0) {
            throw refused("server_error", "the realm's ID-JAG redemption settings are invalid: " + IdJagRedemptionExecutorFactory.MAX_LIFETIME);
        }
        Set<String> resources = c.resources == null ? Set.of() : Set.copyOf(c.resources);
        return new RedemptionRules.Settings(Duration.ofSeconds(maxLifetime), c.resourceRequired == null || c.resourceRequired,
                resources, c.dpopRequired != null && c.dpopRequired);
    }

    /**
     * The client scopes the access token may get: the allowed scopes, plus the client's default scopes that never
     * appear in a token's {@code scope} (such as {@code basic} or {@code acr}), which carry no permission.
     */
    private static Set<String> restrictedScopes(ClientModel client, Set<String> allowed) {
        Set<String> restricted = new HashSet<>(allowed);
        client.getClientScopes(true).values().stream()
                .filter(scope -> !scope.isIncludeInTokenScope())
                .map(ClientScopeModel::getName)
                .forEach(restricted::add);
        return restricted;
    }

    private static ClientPolicyException refused(String error, String reason) {
        return new ClientPolicyException(error, reason);
    }
}
