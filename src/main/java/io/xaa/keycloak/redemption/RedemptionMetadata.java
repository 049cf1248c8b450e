package io.xaa.keycloak.redemption;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a realm that redeems ID-JAGs says in its RFC 8414 metadata (checklist §11): the id-jag grant profile, only
 * where an enabled client policy applies the redemption executor and the jwt-bearer grant is listed, and never which
 * issuers it trusts.
 */
public final class RedemptionMetadata {

    private static final String PROFILES = "authorization_grant_profiles_supported";
    private static final String ID_JAG_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";

    private RedemptionMetadata() {
    }

    /** The metadata members to add to a realm's document whose {@code grant_types_supported} is {@code grantTypes}. */
    public static Map<String, Object> of(KeycloakSession session, RealmModel realm, List<String> grantTypes) {
        if (grantTypes == null || !grantTypes.contains(OAuth2Constants.JWT_AUTHORIZATION_GRANT) || !redeemsIdJags(session, realm)) {
            return Map.of();
        }
        return Map.of(PROFILES, List.of(ID_JAG_PROFILE));
    }

    /** Whether an enabled client policy of the realm uses a profile with the ID-JAG redemption executor. */
    static boolean redeemsIdJags(KeycloakSession session, RealmModel realm) {
        try {
            Set<String> profiles = session.clientPolicy().getClientProfiles(realm, true).getProfiles().stream()
                    .filter(profile -> profile.getExecutors() != null && profile.getExecutors().stream()
                            .anyMatch(executor -> IdJagRedemptionExecutorFactory.ID.equals(executor.getExecutorProviderId())))
                    .map(ClientProfileRepresentation::getName)
                    .collect(Collectors.toSet());
            return !profiles.isEmpty() && session.clientPolicy().getClientPolicies(realm, true).getPolicies().stream()
                    .filter(ClientPolicyRepresentation::isEnabled)
                    .anyMatch(policy -> policy.getProfiles() != null && policy.getProfiles().stream().anyMatch(profiles::contains));
        } catch (ClientPolicyException e) {
            // Policies that cannot be read promise nothing.
            return false;
        }
    }
}
