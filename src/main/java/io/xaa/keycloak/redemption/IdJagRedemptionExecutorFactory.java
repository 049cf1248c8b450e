package io.xaa.keycloak.redemption;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

import java.util.List;

/**
 * The client-policy executor "ID-JAG redemption": what a realm that redeems ID-JAGs (the tool's authorization
 * server) checks beyond Keycloak's own jwt-bearer grant. Put it in a client profile that a client policy applies to
 * the JWT authorization grant (the realm template in {@code realm-exports/id-jag-redemption-template.json}).
 */
public final class IdJagRedemptionExecutorFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = "xaa-id-jag-redemption";
    static final String MAX_LIFETIME = "max-lifetime";
    static final String RESOURCE_REQUIRED = "resource-required";
    static final String RESOURCES = "resources";
    static final String DPOP_REQUIRED = "dpop-required";
    static final int DEFAULT_MAX_LIFETIME = 300;

    private static final List<ProviderConfigProperty> PROPERTIES = List.of(
            new ProviderConfigProperty(MAX_LIFETIME, "Maximum ID-JAG lifetime",
                    "The longest exp − iat accepted, in seconds. Default 300.", ProviderConfigProperty.INTEGER_TYPE,
                    DEFAULT_MAX_LIFETIME),
            new ProviderConfigProperty(RESOURCE_REQUIRED, "Resource required",
                    "Refuse an ID-JAG that names no resource. Default on.", ProviderConfigProperty.BOOLEAN_TYPE, true),
            new ProviderConfigProperty(RESOURCES, "Resources",
                    "The resources (MCP servers) this realm issues access tokens for; an ID-JAG's resource must be one of "
                            + "them, and becomes the access token's audience.", ProviderConfigProperty.MULTIVALUED_STRING_TYPE, null),
            new ProviderConfigProperty(DPOP_REQUIRED, "DPoP required",
                    "Refuse a redemption without a DPoP proof even when the ID-JAG is not bound to a key. Default off.",
                    ProviderConfigProperty.BOOLEAN_TYPE, false));

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new IdJagRedemptionExecutor(session);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Checks an ID-JAG redeemed by the JWT authorization grant as draft-ietf-oauth-identity-assertion-authz-grant "
                + "and the MCP Enterprise-Managed Authorization profile require: typ oauth-id-jag+jwt, not an ID or access "
                + "token, not issued by this realm, aud exactly this realm's issuer, client_id the authenticated client, a "
                + "short lifetime, a resource this realm serves (the access token's audience), the DPoP key of cnf.jkt; "
                + "the access token's scope is the intersection of the request's and the ID-JAG's.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
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
}
