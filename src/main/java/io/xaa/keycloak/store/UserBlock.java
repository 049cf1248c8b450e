package io.xaa.keycloak.store;

import java.time.Instant;

/** One user for whom no ID-JAG is issued; their login is untouched. */
public record UserBlock(String userId, String blockedBy, Instant blockedAt, String reason) {
}
