package io.xaa.keycloak.policy;

import java.util.Optional;

/**
 * What the store knows that matters for one request.
 *
 * @param resourceApp          the app whose audience was requested, if any
 * @param connection           the client's connection to that app, if any
 * @param clientHasConnections whether the client has any connection at all in the realm
 * @param issuanceStopped      the realm's kill switch: an admin stopped every ID-JAG of the realm
 * @param userBlocked          an admin blocked ID-JAGs for the requesting user (their login is untouched)
 */
public record Policy(Optional<ResourceApp> resourceApp, Optional<Connection> connection, boolean clientHasConnections,
                     boolean issuanceStopped, boolean userBlocked) {
}
