package io.xaa.keycloak.keycloak;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ID-JAG's cap is the first of the session limits; -1 (SessionExpirationUtils' "never") is no limit. */
final class SessionExpiryTest {

    @Test
    void theFirstLimitWins() {
        assertEquals(Instant.ofEpochMilli(60_000), KeycloakInternals.earliest(36_000_000, 120_000, 60_000, 1_800_000));
    }

    @Test
    void neverIsNoLimit() {
        assertEquals(Instant.ofEpochMilli(120_000), KeycloakInternals.earliest(-1, 120_000, -1));
    }

    @Test
    void noLimitAtAllIsTheEndOfTime() {
        assertEquals(Instant.MAX, KeycloakInternals.earliest(-1, -1));
    }
}
