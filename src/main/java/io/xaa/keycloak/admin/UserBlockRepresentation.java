package io.xaa.keycloak.admin;

import io.xaa.keycloak.store.UserBlock;

/**
 * The JSON of a user blocked from ID-JAGs. A PUT sends only {@code reason}; the other fields are the server's
 * and ignored on input, so what a GET returns may be sent back.
 */
public final class UserBlockRepresentation {

    public String userId;
    public String username;
    public String reason;
    public String blockedBy;
    public String blockedAt;

    static UserBlockRepresentation of(UserBlock block, String username) {
        UserBlockRepresentation rep = new UserBlockRepresentation();
        rep.userId = block.userId();
        rep.username = username;
        rep.reason = block.reason();
        rep.blockedBy = block.blockedBy();
        rep.blockedAt = Representations.text(block.blockedAt());
        return rep;
    }
}
