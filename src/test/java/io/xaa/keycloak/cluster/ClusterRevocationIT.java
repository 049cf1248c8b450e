package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.RevocationPaths;
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
 * node B only. One dynamic test per path, each printing {@code revoked on A, refused on B: <path>}.
 */
@ExtendWith(ClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRevocationIT {

    RevocationPaths paths;

    @BeforeAll
    void paths(Cluster cluster) {
        paths = new RevocationPaths(Cluster.REALM, Cluster.CLEARED_GROUP_ID, cluster.a(), cluster.b());
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
}
