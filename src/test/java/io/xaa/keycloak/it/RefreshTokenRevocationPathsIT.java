package io.xaa.keycloak.it;

import io.xaa.keycloak.policy.SubjectKind;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.stream.Stream;

/**
 * The revocation paths of {@link RevocationPathsIT} for an agent that holds a refresh token or an offline token
 * instead of an ID token: each refuses the very next exchange of that token. An offline token outlives an OIDC
 * logout (Keycloak's refresh grant accepts it too), so its paths end offline access instead: the revocation
 * endpoint, the offline session deleted, consent revoked, the offline session's own timeouts. Each kind runs in a
 * realm of its own made from {@code revoke-it-realm.json}, so the realm-file fixtures of one never see the other's.
 */
@ExtendWith(KeycloakExtension.class)
class RefreshTokenRevocationPathsIT {

    @TestFactory
    Stream<DynamicContainer> everyRevocationPathRefusesTheNextExchangeOfARefreshToken(Kc kc) {
        return Stream.of(SubjectKind.REFRESH_TOKEN, SubjectKind.OFFLINE_TOKEN).map(kind -> {
            // The realm file's fixed ids are global in Keycloak's store: each copy gets its own prefix.
            String tag = kind == SubjectKind.REFRESH_TOKEN ? "7c" : "7d";
            String realm = "revoke-" + tag + "-it";
            kc.createRealmFromJson(Kc.realmFile("revoke-it-realm.json").replace("revoke-it", realm)
                    .replace("6b000000-", tag + "000000-"));
            RevocationPaths paths = new RevocationPaths(realm, tag + "000000-0000-4000-a000-000000000001", kc, kc, kind);
            return DynamicContainer.dynamicContainer(kind.value(), paths.all(tag + "000000-0000-4000-a000-000000000002",
                    tag + "000000-0000-4000-a000-000000000003").stream().map(path -> DynamicTest.dynamicTest(path.name(), () -> {
                RevocationPaths.Outcome outcome = paths.revokeAndExchange(path);
                System.out.println("revoked, refused next (" + kind.value() + "): " + path.name() + " -> " + outcome.status() + " "
                        + outcome.error() + "; effective " + outcome.effect() + "; audit: " + outcome.audit());
            })));
        });
    }
}
