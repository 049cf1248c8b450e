package io.xaa.keycloak.store;

import java.time.Instant;

/**
 * How much a connection has been used. Kept apart from the connection itself: no decision needs it, so the
 * exchange never pays for reading it.
 */
public record ConnectionUsage(Instant lastUsedAt, long issuedCount) {

    public static final ConnectionUsage NONE = new ConnectionUsage(null, 0);
}
