package io.xaa.keycloak.grant;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

import java.util.List;

/**
 * Adds {@code identity_chaining_requested_token_types_supported} (identity chaining, checklist §11) to the
 * realm's discovery documents by wrapping Keycloak's own provider for the same alias. A lower priority
 * wins the alias, so Keycloak serves this wrapper; everything else in the document stays Keycloak's.
 */
abstract class IdJagDiscovery implements WellKnownProviderFactory {

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
    public static final class OpenIdConfiguration extends IdJagDiscovery {
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
    public static final class OAuthAuthorizationServer extends IdJagDiscovery {
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
