package io.xaa.keycloak.cluster;

import io.xaa.keycloak.it.Kc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Audit records written by either node land in one table, which either node's audit API reads whole. */
@ExtendWith(ClusterExtension.class)
class ClusterAuditIT {

    @Test
    void recordsOfBothNodesAreReadByBothNodes(Cluster cluster) {
        ClusterAgent agent = new ClusterAgent(cluster.a(), "audit");
        Kc.Response onA = agent.exchange(cluster.a(), agent.idToken(cluster.a()));
        Kc.Response onB = agent.exchange(cluster.b(), agent.idToken(cluster.b()));
        assertEquals(200, onA.status(), onA.toString());
        assertEquals(200, onB.status(), onB.toString());
        Set<String> issued = Set.of(ClusterAgent.jti(onA), ClusterAgent.jti(onB));

        assertEquals(issued, agent.auditedJtis(cluster.a()), "node A reads the records of both nodes");
        assertEquals(issued, agent.auditedJtis(cluster.b()), "node B reads the records of both nodes");
        System.out.println("one audit trail: the ID-JAGs issued on A and on B are read back by A and by B");
    }
}
