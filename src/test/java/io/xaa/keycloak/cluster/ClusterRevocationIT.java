package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.RevocationPaths;
import io.xaa.keycloak.policy.SubjectKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.Stream;

/**
 * A change an administrator makes through node A's admin API is enforced by node B on the agent's very next exchange,
 * with the refusal recorded in the one audit trail (read back through node A). The agent logs in and exchanges on
 * node B only. One dynamic test per path, each printing {@code revoked on A, refused on B: <path>}. An agent holding
 * an offline token (its session persisted, not only cached) is refused on B after the token is revoked on A, and after
 * the user is disabled or signed out there.
 */
@ExtendWith(ClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRevocationIT {

    RevocationPaths paths;
    RevocationPaths offlinePaths;

    @BeforeAll
    void paths(Cluster cluster) {
        paths = new RevocationPaths(Cluster.REALM, Cluster.CLEARED_GROUP_ID, cluster.a(), cluster.b());
        offlinePaths = new RevocationPaths(Cluster.REALM, Cluster.CLEARED_GROUP_ID, cluster.a(), cluster.b(), SubjectKind.OFFLINE_TOKEN);
    }

    @TestFactory
    Stream<DynamicTest> aChangeOnNodeAIsEnforcedByNodeBOnItsNextExchange() {
        List<RevocationPaths.RevocationPath> changes = List.of(paths.connectionDisabled(), paths.connectionDeleted(),
                paths.connectionExpired(), paths.appDisabled(), paths.removedFromRequiredGroup(), paths.userDisabled(),
                paths.adminSignOut(), paths.clientDisabled());
        return changes.stream().map(path -> DynamicTest.dynamicTest(path.name(), () -> {
            RevocationPaths.Outcome outcome = paths.revokeAndExchange(path);
            System.out.println("revoked on A, refused on B: " + path.name());
            System.out.println("  " + outcome.status() + " " + outcome.error() + "; effective " + outcome.effect() + "; audit: " + outcome.audit());
        }));
    }

    @TestFactory
    Stream<DynamicTest> anOfflineTokenRevokedOnNodeAIsRefusedByNodeB() {
        // The fixtures' names come from the path's: prefixed, so they are not the ID-token run's clients and users.
        return Stream.of(offlinePaths.tokenRevoked(), offlinePaths.userDisabled(), offlinePaths.adminSignOut()).map(path ->
                DynamicTest.dynamicTest("offline token: " + path.name(), () -> {
                    RevocationPaths.Outcome outcome = offlinePaths.revokeAndExchange(path);
                    System.out.println("revoked on A, refused on B: offline token, " + path.name());
                    System.out.println("  " + outcome.status() + " " + outcome.error() + "; audit: " + outcome.audit());
                }));
    }
}
