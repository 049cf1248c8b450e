package io.xaa.keycloak.policy;

import java.util.List;

/**
 * How strongly and how recently the user must have authenticated.
 *
 * @param acrValues     acceptable ACR values of the realm's ACR-to-LoA map, in order of preference; the
 *                      weakest of them is the level required. Empty: no level required
 * @param maxAgeSeconds the authentication may be at most this old; null: any age
 */
public record StepUp(List<String> acrValues, Integer maxAgeSeconds) {

    public StepUp {
        acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
    }
}
