package io.xaa.keycloak.admin;

import io.xaa.keycloak.keycloak.KeycloakInternals;
import io.xaa.keycloak.policy.Decision;
import io.xaa.keycloak.policy.ExchangeRequest;
import io.xaa.keycloak.policy.Policy;
import io.xaa.keycloak.policy.PolicyDecisionPoint;
import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.SubjectKind;
import io.xaa.keycloak.store.ConnectionRegistry;
import io.xaa.keycloak.store.RegistryException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.time.Instant;
import java.util.HashSet;

/**
 * {@code POST /admin/realms/{realm}/cross-app-access/evaluate}: "would this request pass, and why?". It asks
 * the very decision point the exchange asks, with the same facts, and issues nothing. It assumes a valid ID
 * token of a live session that starts now (its lifetime is the realm's SSO session maximum).
 */
public final class PolicySimulatorResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    PolicySimulatorResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response evaluate(String body) {
        try {
            auth.users().requireQuery();
            EvaluationRepresentation input = Representations.read(body, EvaluationRepresentation.class);
            ClientModel client = input.clientId == null ? null : realm.getClientByClientId(input.clientId);
            if (client == null) {
                throw RegistryException.invalid("clientId names no client of this realm");
            }
            UserModel user = user(input);
            if (input.audience == null || input.audience.isBlank()) {
                throw RegistryException.invalid("audience is required");
            }
            SubjectKind subjectKind = input.subjectKind == null ? SubjectKind.ID_TOKEN : SubjectKind.of(input.subjectKind)
                    .orElseThrow(() -> RegistryException.invalid("subjectKind must be id_token, refresh_token or offline_token"));
            return Response.ok(evaluate(input, subjectKind, client, user), MediaType.APPLICATION_JSON_TYPE).build();
        } catch (RegistryException e) {
            return Representations.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * Only an admin who may view every user learns that a user does not exist: to anyone else an unknown user
     * is as forbidden as one they may not view, so the simulator is no username oracle. An admin who may not
     * even search users is refused before any lookup.
     */
    private UserModel user(EvaluationRepresentation input) {
        UserModel user = input.userId != null ? session.users().getUserById(realm, input.userId)
                : input.username != null ? session.users().getUserByUsername(realm, input.username) : null;
        if (!auth.users().canView() && (user == null || !auth.users().canView(user))) {
            auth.users().requireView();
        }
        if (user == null) {
            throw RegistryException.invalid("username or userId must name a user of this realm");
        }
        return user;
    }

    private EvaluationRepresentation.Result evaluate(EvaluationRepresentation input, SubjectKind subjectKind, ClientModel client,
                                                     UserModel user) {
        Policy policy = session.getProvider(ConnectionRegistry.class).policy(realm, client, user.getId(), input.audience);
        Instant now = Instant.ofEpochSecond(Time.currentTime());
        ExchangeRequest request = new ExchangeRequest(client.getClientId(), user.getId(), KeycloakInternals.groupIds(user),
                input.audience, Representations.list(input.resources),
                input.scopes == null ? null : new HashSet<>(Representations.list(input.scopes)),
                now.plusSeconds(realm.getSsoSessionMaxLifespan()), subjectKind, input.acr,
                input.authAgeSeconds == null ? null : now.getEpochSecond() - input.authAgeSeconds,
                KeycloakInternals.acrLoaMap(realm), KeycloakInternals.clientAcrLoaMap(client), KeycloakInternals.clientFacts(client));
        Decision decision = PolicyDecisionPoint.decide(request, policy, now);

        EvaluationRepresentation.Result result = new EvaluationRepresentation.Result();
        result.clientId = client.getClientId();
        result.resourceAppId = policy.resourceApp().map(ResourceApp::id).orElse(null);
        result.resourceAppName = policy.resourceApp().map(ResourceApp::name).orElse(null);
        result.droppedScopes = decision.droppedScopes().stream().map(dropped -> new EvaluationRepresentation.DroppedScope(
                dropped.scope(), dropped.reason().name(), dropped.reason().description())).toList();
        if (decision instanceof Decision.Issue issue) {
            result.decision = "ISSUE";
            result.connectionId = issue.connectionId();
            result.clientIdAtResourceApp = issue.clientIdAtResourceApp();
            result.grantedScopes = issue.grantedScopes();
            result.grantedResources = issue.grantedResources();
            result.lifetimeSeconds = issue.lifetimeSeconds();
        } else if (decision instanceof Decision.Refuse refuse) {
            result.decision = "REFUSE";
            result.error = refuse.rule().error();
            result.rule = refuse.rule().name();
            result.reason = refuse.rule().description();
            result.connectionId = refuse.connectionId();
        } else if (decision instanceof Decision.StepUp stepUp) {
            result.decision = "STEP_UP";
            result.error = Decision.StepUp.ERROR;
            result.rule = Decision.StepUp.RULE;
            result.reason = stepUp.reason();
            result.connectionId = stepUp.connectionId();
            result.acrValues = stepUp.requirement().acrValues().isEmpty() ? null : String.join(" ", stepUp.requirement().acrValues());
            result.maxAge = stepUp.requirement().maxAgeSeconds();
        }
        return result;
    }
}
