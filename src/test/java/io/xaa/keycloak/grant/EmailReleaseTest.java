package io.xaa.keycloak.grant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ID-JAG names the user's email only when the resource app asks for it and the address is verified. */
final class EmailReleaseTest {

    @Test
    void verifiedEmailIsReleasedWhenTheAppAsks() {
        assertTrue(IdJagTokenExchangeProvider.releasesEmail(true, "alice@example.org", true));
    }

    @Test
    void unverifiedEmailIsNeverReleased() {
        assertFalse(IdJagTokenExchangeProvider.releasesEmail(true, "alice@example.org", false));
    }

    @Test
    void emailIsNotReleasedWhenTheAppDoesNotAsk() {
        assertFalse(IdJagTokenExchangeProvider.releasesEmail(false, "alice@example.org", true));
    }

    @Test
    void noEmailNothingToRelease() {
        assertFalse(IdJagTokenExchangeProvider.releasesEmail(true, null, true));
    }
}
