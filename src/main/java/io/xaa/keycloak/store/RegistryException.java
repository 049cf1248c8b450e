package io.xaa.keycloak.store;

import java.util.Map;

/**
 * Input the registry refuses to save, with a message meant for the admin and, where the refusal concerns one
 * field, its machine-readable parts: the API {@code field}, a stable {@code code} word and the {@code params}
 * that name what is concerned, so a form can show its own message on that field.
 */
public final class RegistryException extends RuntimeException {

    public enum Kind { INVALID, CONFLICT, NOT_FOUND }

    private final Kind kind;
    private final String field;
    private final String code;
    private final Map<String, String> params;

    public RegistryException(Kind kind, String message) {
        this(kind, message, null, null, Map.of());
    }

    private RegistryException(Kind kind, String message, String field, String code, Map<String, String> params) {
        super(message);
        this.kind = kind;
        this.field = field;
        this.code = code;
        this.params = Map.copyOf(params);
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(Kind.INVALID, message);
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(Kind.CONFLICT, message);
    }

    /** The same refusal, said to concern {@code field} for the reason {@code code}. */
    public RegistryException on(String field, String code, Map<String, String> params) {
        return new RegistryException(kind, getMessage(), field, code, params);
    }

    public RegistryException on(String field, String code) {
        return on(field, code, Map.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The API field concerned; null when the refusal concerns no one field. */
    public String field() {
        return field;
    }

    /** A stable word for the reason; null when there is none (the message is all there is). */
    public String code() {
        return code;
    }

    public Map<String, String> params() {
        return params;
    }
}
