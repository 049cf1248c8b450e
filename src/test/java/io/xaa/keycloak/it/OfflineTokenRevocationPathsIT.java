package io.xaa.keycloak.it;

import io.xaa.keycloak.policy.SubjectKind;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.stream.Stream;

/**
 * The revocation paths of {@link RevocationPathsIT} for an agent that holds an offline token. An offline token
 * outlives an OIDC logout (Keycloak's refresh grant accepts it too), so its paths end offline access instead: the
 * revocation endpoint, the offline session deleted, consent revoked, the offline session's own timeouts. Runs beside
 * the other suites, as {@link RefreshTokenRevocationPathsIT} does.
 */
@ExtendWith(KeycloakExtension.class)
@Execution(ExecutionMode.CONCURRENT)
class OfflineTokenRevocationPathsIT {

    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    Stream<DynamicTest> everyRevocationPathRefusesTheNextExchangeOfAnOfflineToken(Kc kc) {
        return RevocationPaths.inRealmOfTheirOwn(kc, SubjectKind.OFFLINE_TOKEN, "7d");
    }
}
