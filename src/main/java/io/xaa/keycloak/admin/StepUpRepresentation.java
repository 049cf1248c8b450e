package io.xaa.keycloak.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.xaa.keycloak.policy.StepUp;
import io.xaa.keycloak.store.RegistryException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a step-up policy: {@code {"acrValues": ["mfa"], "maxAgeSeconds": 300}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class StepUpRepresentation {

    public List<String> acrValues;
    public Integer maxAgeSeconds;

    static StepUpRepresentation of(StepUp stepUp) {
        if (stepUp == null) {
            return null;
        }
        StepUpRepresentation rep = new StepUpRepresentation();
        rep.acrValues = stepUp.acrValues();
        rep.maxAgeSeconds = stepUp.maxAgeSeconds();
        return rep;
    }

    StepUp toModel() {
        return new StepUp(Representations.list(acrValues), maxAgeSeconds);
    }

    static Map<String, StepUpRepresentation> of(Map<String, StepUp> byScope) {
        Map<String, StepUpRepresentation> reps = new LinkedHashMap<>();
        byScope.forEach((scope, stepUp) -> reps.put(scope, of(stepUp)));
        return reps;
    }

    static Map<String, StepUp> toModel(Map<String, StepUpRepresentation> byScope) {
        Map<String, StepUp> models = new LinkedHashMap<>();
        if (byScope != null) {
            byScope.forEach((scope, rep) -> {
                if (rep == null) {
                    throw RegistryException.invalid("scopeStepUp of " + scope + " must be an object");
                }
                models.put(scope, rep.toModel());
            });
        }
        return models;
    }
}
