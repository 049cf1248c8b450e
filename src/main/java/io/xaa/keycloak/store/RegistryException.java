package io.xaa.keycloak.store;

/** Input the registry refuses to save, with a message meant for the admin. */
public final class RegistryException extends RuntimeException {

    public enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
