package io.xaa.keycloak.grant;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * Claims every token exchange whose {@code requested_token_type} is the ID-JAG URN. Its order is above
 * Keycloak's built-in providers (standard = 10, upstream idjag = 30) so it sees those requests first.
 * Server-wide kill switch: {@code --spi-oauth2-token-exchange--xaa-id-jag--enabled=false}; what refused
 * clients are told: {@code --spi-oauth2-token-exchange--xaa-id-jag--error-descriptions=generic|detailed}.
 */
public final class IdJagTokenExchangeProviderFactory implements TokenExchangeProviderFactory, EnvironmentDependentProviderFactory {

    public static final String ID = "xaa-id-jag";
    static final int ORDER = 100;

    private ErrorDescriptions errorDescriptions;

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new IdJagTokenExchangeProvider(errorDescriptions);
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return config.getBoolean("enabled", true);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("enabled").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Issue ID-JAGs for token exchanges that request them.").add()
                .property().name(ErrorDescriptions.OPTION).type(ProviderConfigProperty.LIST_TYPE).options("generic", "detailed")
                .defaultValue("generic")
                .helpText("What a refused client reads in error_description: a fixed text per error code (generic) or the "
                        + "precise reason (detailed). The event and the audit record always hold the precise reason.").add()
                .build();
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public void init(Config.Scope config) {
        errorDescriptions = ErrorDescriptions.of(config.get(ErrorDescriptions.OPTION));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
