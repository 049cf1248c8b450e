package io.xaa.keycloak.store;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;
import io.xaa.keycloak.policy.StepUpRequirement;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The shape rules of what may be saved, free of any lookup so they are unit-tested alone. */
final class RegistryRules {

    /** RFC 6749 §3.3 scope-token: printable ASCII without space, '"' or '\'. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    /** One year: a longer maximum age would not be a step-up policy. */
    static final int MAX_AGE_LIMIT = 31_536_000;
    /** The step-up columns of XAA_RESOURCE_APP (2026-11-26-step-up.xml). */
    static final int STEP_UP_COLUMN_LENGTH = 1024;
    static final int SCOPE_STEP_UP_COLUMN_LENGTH = 4000;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private RegistryRules() {
    }

    static void checkResourceApp(ResourceApp app) {
        requireText(app.name(), "name", 255);
        checkServerUri(app.audience(), "audience", "audience");
        if (app.audience().length() > 1024) {
            throw RegistryException.invalid("audience must be at most 1024 characters").on("audience", "tooLong", Map.of("max", "1024"));
        }
        checkDistinct(app.resources(), "resources");
        app.resources().forEach(resource -> checkServerUri(resource, "resource", "resources"));
        checkDistinct(app.scopes(), "scopes");
        app.scopes().forEach(RegistryRules::checkScope);
        if (app.idJagLifetimeSeconds() < 1 || app.idJagLifetimeSeconds() > ResourceApp.MAX_LIFETIME_SECONDS) {
            throw RegistryException.invalid("idJagLifetimeSeconds must be between 1 and " + ResourceApp.MAX_LIFETIME_SECONDS)
                    .on("idJagLifetimeSeconds", "outOfRange", Map.of("min", "1", "max", String.valueOf(ResourceApp.MAX_LIFETIME_SECONDS)));
        }
        checkListSize(app.resources(), "resources");
        checkListSize(app.scopes(), "scopes");
    }

    /**
     * Step-up policies name ACR values the realm knows (its ACR-to-LoA map) or plain levels ("2"), a positive
     * maximum age, and only scopes the app offers.
     */
    static void checkStepUp(ResourceApp app, Map<String, Integer> acrLoaMap) {
        if (app.stepUp() != null) {
            checkStepUp(app.stepUp(), "stepUp", "stepUp", acrLoaMap);
            checkStoredLength(app.stepUp(), "stepUp", STEP_UP_COLUMN_LENGTH);
        }
        app.scopeStepUp().forEach((scope, stepUp) -> {
            if (!app.scopes().contains(scope)) {
                throw RegistryException.invalid("scopeStepUp names " + scope + ", which the app does not offer")
                        .on("scopeStepUp." + scope, "notOffered", Map.of("value", scope));
            }
            checkStepUp(stepUp, "scopeStepUp of " + scope, "scopeStepUp." + scope, acrLoaMap);
        });
        if (!app.scopeStepUp().isEmpty()) {
            checkStoredLength(app.scopeStepUp(), "scopeStepUp", SCOPE_STEP_UP_COLUMN_LENGTH);
        }
    }

    /** Measured on the JSON the store writes (same serializer), so the database never refuses it at commit. */
    private static void checkStoredLength(Object policy, String field, int columnLength) {
        String json;
        try {
            json = JsonSerialization.writeValueAsString(policy);
        } catch (IOException e) {
            throw RegistryException.invalid(field + " cannot be stored").on(field, "tooLong");
        }
        if (json.length() > columnLength) {
            throw RegistryException.invalid(field + " is too long (at most " + columnLength + " characters as stored)")
                    .on(field, "tooLong", Map.of("max", String.valueOf(columnLength)));
        }
    }

    /** {@code apiField}: "stepUp" or "scopeStepUp.{scope}", the path a form finds the inputs by. */
    private static void checkStepUp(StepUp stepUp, String field, String apiField, Map<String, Integer> acrLoaMap) {
        if (stepUp.acrValues().isEmpty() && stepUp.maxAgeSeconds() == null) {
            throw RegistryException.invalid(field + " needs acrValues, maxAgeSeconds or both").on(apiField + ".acrValues", "stepUpEmpty");
        }
        checkDistinct(stepUp.acrValues(), field + " acrValues", apiField + ".acrValues");
        for (String acr : stepUp.acrValues()) {
            if (StepUpRequirement.level(acr, acrLoaMap) == null || StepUpRequirement.level(acr, acrLoaMap) < 0) {
                throw RegistryException.invalid(field + " names ACR value " + acr
                        + ", which is neither in the realm's ACR to LoA mapping " + acrLoaMap.keySet() + " nor a level number")
                        .on(apiField + ".acrValues", "unknownAcr", Map.of("value", acr));
            }
        }
        if (stepUp.maxAgeSeconds() != null && (stepUp.maxAgeSeconds() < 1 || stepUp.maxAgeSeconds() > MAX_AGE_LIMIT)) {
            throw RegistryException.invalid(field + " maxAgeSeconds must be between 1 and " + MAX_AGE_LIMIT)
                    .on(apiField + ".maxAgeSeconds", "outOfRange", Map.of("min", "1", "max", String.valueOf(MAX_AGE_LIMIT)));
        }
    }

    /** An absolute https URI without fragment; http only for loopback hosts (local development). */
    static void checkServerUri(String value, String field) {
        checkServerUri(value, field, field);
    }

    /** {@code field} names the value in the message, {@code apiField} the API field it came in. */
    private static void checkServerUri(String value, String field, String apiField) {
        if (value == null || value.isBlank()) {
            throw RegistryException.invalid(field + " is required").on(apiField, "required");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw RegistryException.invalid(field + " is not a valid URI: " + value).on(apiField, "notUri", Map.of("value", value));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw RegistryException.invalid(field + " must be an absolute URI with a host: " + value).on(apiField, "notAbsolute", Map.of("value", value));
        }
        if (uri.getRawFragment() != null) {
            throw RegistryException.invalid(field + " must not have a fragment: " + value).on(apiField, "hasFragment", Map.of("value", value));
        }
        boolean loopback = LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw RegistryException.invalid(field + " must use https (http only for loopback hosts): " + value)
                    .on(apiField, "notHttps", Map.of("value", value));
        }
    }

    static void checkScope(String scope) {
        if (scope == null || !SCOPE_TOKEN.matcher(scope).matches()) {
            throw RegistryException.invalid("scope is not a valid scope token: " + scope)
                    .on("scopes", "notScopeToken", Map.of("value", String.valueOf(scope)));
        }
    }

    static void requireText(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw RegistryException.invalid(field + " is required").on(field, "required");
        }
        if (value.length() > maxLength) {
            throw RegistryException.invalid(field + " must be at most " + maxLength + " characters")
                    .on(field, "tooLong", Map.of("max", String.valueOf(maxLength)));
        }
    }

    static void checkDistinct(List<String> values, String field) {
        checkDistinct(values, field, field);
    }

    private static void checkDistinct(List<String> values, String field, String apiField) {
        if (new HashSet<>(values).size() != values.size()) {
            throw RegistryException.invalid(field + " must not repeat a value").on(apiField, "repeated");
        }
    }

    /** The lists are stored as JSON in 4000-character columns. */
    static void checkListSize(List<String> values, String field) {
        int length = values.stream().mapToInt(value -> value.length() + 3).sum() + 2;
        if (length > 4000) {
            throw RegistryException.invalid(field + " are too long in total (at most about 4000 characters)")
                    .on(field, "tooLong", Map.of("max", "4000"));
        }
    }
}
