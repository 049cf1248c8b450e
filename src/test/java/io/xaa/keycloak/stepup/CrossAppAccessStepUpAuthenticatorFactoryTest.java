package io.xaa.keycloak.stepup;

import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class CrossAppAccessStepUpAuthenticatorFactoryTest {

    private final CrossAppAccessStepUpAuthenticatorFactory factory = new CrossAppAccessStepUpAuthenticatorFactory();

    @Test
    void isRegisteredUnderItsId() throws IOException {
        assertEquals("xaa-step-up", factory.getId(), "realm exports name the authenticator by this id");
        try (InputStream services = getClass().getResourceAsStream("/META-INF/services/org.keycloak.authentication.AuthenticatorFactory")) {
            assertNotNull(services);
            List<String> lines = new String(services.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).toList();
            assertTrue(lines.contains(CrossAppAccessStepUpAuthenticatorFactory.class.getName()), lines.toString());
        }
    }

    @Test
    void canNeverBeAnAlternativeThatWouldLetUsersInWithoutAuthenticating() {
        assertArrayEquals(new Requirement[]{Requirement.REQUIRED, Requirement.DISABLED}, factory.getRequirementChoices());
    }

    @Test
    void runsBeforeAnyUserIsKnown() {
        assertFalse(factory.create(null).requiresUser(), "it runs first in the browser flow, before any login form");
        assertNotNull(factory.getReferenceCategory(), "Keycloak compares the categories of a flow's executions without a null check");
    }
}
