package io.xaa.keycloak.policy;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the client presented as the user's proof: an ID token (always accepted), or a refresh token of an
 * online or offline session, which a resource app accepts only when its admin allowed that kind.
 * {@code value} is the name used in events, audit records and the simulator.
 */
public enum SubjectKind {
    ID_TOKEN("id_token"),
    REFRESH_TOKEN("refresh_token"),
    OFFLINE_TOKEN("offline_token");

    private final String value;

    SubjectKind(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<SubjectKind> of(String value) {
        return Arrays.stream(values()).filter(kind -> kind.value.equals(value)).findFirst();
    }
}
