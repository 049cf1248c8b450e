package io.xaa.keycloak.admin;

import io.xaa.keycloak.store.IssuanceSetting;

/**
 * The JSON of the realm's kill switch. A PUT sends {@code stopped} and {@code reason}; {@code changedBy} and
 * {@code changedAt} (ISO-8601) are the server's and ignored on input, so what a GET returns may be sent back.
 */
public final class IssuanceRepresentation {

    public Boolean stopped;
    public String reason;
    public String changedBy;
    public String changedAt;

    static IssuanceRepresentation of(IssuanceSetting setting) {
        IssuanceRepresentation rep = new IssuanceRepresentation();
        rep.stopped = setting.stopped();
        rep.reason = setting.reason();
        rep.changedBy = setting.changedBy();
        rep.changedAt = Representations.text(setting.changedAt());
        return rep;
    }
}
