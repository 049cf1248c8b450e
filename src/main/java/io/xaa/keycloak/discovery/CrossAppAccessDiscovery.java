package io.xaa.keycloak.discovery;

import io.xaa.keycloak.grant.IdJag;
import io.xaa.keycloak.redemption.RedemptionMetadata;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

import java.util.List;

/**
 * Adds to the realm's discovery documents (checklist §11) what this extension makes true: the IdP side's
 * {@code identity_chaining_requested_token_types_supported} (identity chaining), and where the realm redeems ID-JAGs
 * the authorization server side's {@code authorization_grant_profiles_supported}. It wraps Keycloak's own provider for
 * the same alias: a lower priority wins the alias, so Keycloak serves this wrapper; everything else stays Keycloak's.
 */
abstract class CrossAppAccessDiscovery implements WellKnownProviderFactory {

    static final String METADATA = "identity_chaining_requested_token_types_supported";
    private static final int PRIORITY = 10;

    /** The id of Keycloak's own provider that this one extends. */
    abstract String stockId();

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        WellKnownProvider stock = session.getProvider(WellKnownProvider.class, stockId());
        return new WellKnownProvider() {
            @Override
            public Object getConfig() {
                Object config = stock.getConfig();
                if (config instanceof OIDCConfigurationRepresentation oidc) {
                    oidc.setOtherClaims(METADATA, List.of(IdJag.TOKEN_TYPE));
                    RedemptionMetadata.of(session, session.getContext().getRealm(), oidc.getGrantTypesSupported())
                            .forEach(oidc::setOtherClaims);
                }
                return config;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getAlias() {
        return stockId();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
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

    /** {@code /.well-known/openid-configuration}. */
    public static final class OpenIdConfiguration extends CrossAppAccessDiscovery {
        @Override
        String stockId() {
            return "openid-configuration";
        }

        @Override
        public String getId() {
            return "xaa-openid-configuration";
        }
    }

    /** {@code /.well-known/oauth-authorization-server} (RFC 8414), which MCP clients read. */
    public static final class OAuthAuthorizationServer extends CrossAppAccessDiscovery {
        @Override
        String stockId() {
            return "oauth-authorization-server";
        }

        @Override
        public String getId() {
            return "xaa-oauth-authorization-server";
        }

        @Override
        public boolean isAvailableViaServerMetadata() {
            return true;
        }
    }
}
