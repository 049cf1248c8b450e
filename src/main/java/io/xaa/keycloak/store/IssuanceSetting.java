package io.xaa.keycloak.store;

import java.time.Instant;

/**
 * The realm's kill switch: whether every ID-JAG of the realm is stopped, and who last changed that, when and why.
 * A realm nobody ever stopped has {@link #NEVER_STOPPED}.
 */
public record IssuanceSetting(boolean stopped, String changedBy, Instant changedAt, String reason) {

    public static final IssuanceSetting NEVER_STOPPED = new IssuanceSetting(false, null, null, null);
}
