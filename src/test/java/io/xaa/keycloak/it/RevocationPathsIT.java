package io.xaa.keycloak.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.stream.Stream;

/**
 * Every way an administrator, a user or time can take back what lets an agent exchange an ID token for an
 * ID-JAG, on one node: after each, the very next exchange with the same ID token is refused, and the audit
 * says why ({@link RevocationPaths}). One dynamic test per path. Timed paths (SSO idle, SSO max, connection
 * expiry) are polled to show that they take effect at expiry, not later.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationPathsIT {

    static final String REALM = "revoke-it";
    static final String CLEARED_GROUP_ID = "6b000000-0000-4000-a000-000000000001";
    static final String CONSENT_CLIENT_UUID = "6b000000-0000-4000-a000-000000000002";
    static final String CONSENT_USER_ID = "6b000000-0000-4000-a000-000000000003";

    RevocationPaths paths;

    @BeforeAll
    void createRealm(Kc kc) {
        kc.createRealm("revoke-it-realm.json");
        paths = new RevocationPaths(REALM, CLEARED_GROUP_ID, kc, kc);
    }

    @TestFactory
    Stream<DynamicTest> everyRevocationPathRefusesTheNextExchange() {
        return paths.all(CONSENT_CLIENT_UUID, CONSENT_USER_ID).stream().map(path -> DynamicTest.dynamicTest(path.name(), () -> {
            RevocationPaths.Outcome outcome = paths.revokeAndExchange(path);
            System.out.println("revoked, refused next: " + path.name() + " -> " + outcome.status() + " " + outcome.error()
                    + "; effective " + outcome.effect() + "; audit: " + outcome.audit());
        }));
    }
}
