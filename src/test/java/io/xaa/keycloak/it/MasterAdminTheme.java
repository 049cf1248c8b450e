package io.xaa.keycloak.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * Gives master the xaa-admin theme for one test class and puts the previous theme back afterwards: the browser
 * tests use master's console, as a server's admins would, to manage realms that keep the stock theme. Register it
 * after {@link KeycloakExtension}.
 */
public final class MasterAdminTheme implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MasterAdminTheme.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Kc kc = KeycloakExtension.running(context).kc();
        context.getStore(NAMESPACE).put("before", kc.admin("GET", "/master", null).json().path("adminTheme").asText(""));
        int status = kc.admin("PUT", "/master", Map.of("adminTheme", "xaa-admin")).status();
        if (status != 204) {
            throw new IllegalStateException("master's admin theme was not set: " + status);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KeycloakExtension.running(context).kc().admin("PUT", "/master",
                Map.of("adminTheme", context.getStore(NAMESPACE).get("before", String.class)));
    }
}
