package io.xaa.keycloak.grant;

import java.util.Locale;

/**
 * What a refused client reads in {@code error_description}. The precise reason always goes to the event and
 * the audit record; {@code GENERIC} (the default) keeps it from the caller, who could otherwise probe which
 * rule of the policy (groups, connections, resources) decided.
 */
enum ErrorDescriptions {
    /** The precise reason, as in the audit record. */
    DETAILED,
    /** One fixed sentence per error code. */
    GENERIC;

    static final String OPTION = "error-descriptions";

    /** The option's value; unset means {@code generic}, anything unknown stops the server from starting. */
    static ErrorDescriptions of(String value) {
        if (value == null || value.isBlank()) {
            return GENERIC;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "generic" -> GENERIC;
            case "detailed" -> DETAILED;
            default -> throw new IllegalArgumentException(IdJagTokenExchangeProviderFactory.ID + " option " + OPTION
                    + " must be generic or detailed, was " + value);
        };
    }

    String describe(String error, String reason) {
        return this == DETAILED ? reason : generic(error);
    }

    static String generic(String error) {
        return switch (error) {
            case "invalid_request" -> "The token request is malformed or uses a parameter this server does not accept.";
            case "invalid_client" -> "The client may not make this request.";
            case "unauthorized_client" -> "The client is not authorized to request this token.";
            case "invalid_grant" -> "The subject token cannot be used for this request.";
            case "invalid_target" -> "The requested audience or resource is not available to this client.";
            case "access_denied" -> "The request was denied by policy.";
            case "invalid_scope" -> "None of the requested scopes can be granted.";
            case "insufficient_user_authentication" -> "The user must authenticate again, as acr_values or max_age in this response require.";
            case "server_error" -> "The token could not be issued.";
            default -> "The token request was refused.";
        };
    }
}
