package io.xaa.keycloak.keycloak;

import org.keycloak.Config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Reading this extension's provider options ({@code --spi-<spi>--<provider>--<option>=…}). */
public final class ProviderOptions {

    private ProviderOptions() {
    }

    /** A positive ISO-8601 duration such as {@code P90D} or {@code PT1H}; {@code fallback} when unset. */
    public static Duration duration(Config.Scope config, String providerId, String name, Duration fallback) {
        String value = config.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(providerId + " option " + name + " must be positive, was " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(providerId + " option " + name
                    + " must be an ISO-8601 duration such as P90D or PT1H, was " + value, e);
        }
    }
}
