package io.xaa.keycloak.grant;

import io.xaa.keycloak.policy.Decision;
import io.xaa.keycloak.policy.Refusal;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ErrorDescriptionsTest {

    private static final String FALLBACK = ErrorDescriptions.generic("no_such_error");

    @Test
    void genericUnlessTheOptionSaysDetailed() {
        assertEquals(ErrorDescriptions.GENERIC, ErrorDescriptions.of(null));
        assertEquals(ErrorDescriptions.GENERIC, ErrorDescriptions.of(" "));
        assertEquals(ErrorDescriptions.GENERIC, ErrorDescriptions.of("generic"));
        assertEquals(ErrorDescriptions.DETAILED, ErrorDescriptions.of("Detailed"));
    }

    @Test
    void anUnknownValueStopsTheServerWithTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ErrorDescriptions.of("verbose"));
        assertEquals("xaa-id-jag option error-descriptions must be generic or detailed, was verbose", e.getMessage());
    }

    @Test
    void detailedTellsTheReason() {
        assertEquals(Refusal.GROUP_REQUIRED.description(),
                ErrorDescriptions.DETAILED.describe(Refusal.GROUP_REQUIRED.error(), Refusal.GROUP_REQUIRED.description()));
    }

    @Test
    void genericTellsOnlyAFixedTextOfTheCode() {
        for (Refusal rule : Refusal.values()) {
            String text = ErrorDescriptions.GENERIC.describe(rule.error(), rule.description());
            assertEquals(ErrorDescriptions.generic(rule.error()), text, rule.name());
            assertNotEquals(rule.description(), text, rule.name());
        }
        assertEquals("The request was denied by policy.",
                ErrorDescriptions.GENERIC.describe("access_denied", Refusal.GROUP_REQUIRED.description()));
    }

    @Test
    void everyCodeTheGrantAnswersHasItsOwnText() {
        Set<String> codes = new HashSet<>(Set.of("invalid_request", "invalid_grant", "server_error", Decision.StepUp.ERROR));
        for (Refusal rule : Refusal.values()) {
            codes.add(rule.error());
        }
        Set<String> texts = new HashSet<>();
        for (String code : codes) {
            String text = ErrorDescriptions.generic(code);
            assertNotEquals(FALLBACK, text, code);
            assertTrue(texts.add(text), "one text per code: " + code);
        }
    }
}
