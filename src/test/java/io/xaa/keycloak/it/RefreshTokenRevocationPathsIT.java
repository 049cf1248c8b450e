package io.xaa.keycloak.it;

import io.xaa.keycloak.policy.SubjectKind;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.stream.Stream;

/**
 * The revocation paths of {@link RevocationPathsIT} for an agent that holds the refresh token of its login instead of
 * its ID token: each refuses the very next exchange of that token. {@link OfflineTokenRevocationPathsIT} does the same
 * for an offline token.
 * <p>
 * Both run beside the other suites (their realms are their own, and a third of their time is waiting for deadlines
 * and whole seconds), their paths one after another.
 */
@ExtendWith(KeycloakExtension.class)
@Execution(ExecutionMode.CONCURRENT)
class RefreshTokenRevocationPathsIT {

    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    Stream<DynamicTest> everyRevocationPathRefusesTheNextExchangeOfARefreshToken(Kc kc) {
        return RevocationPaths.inRealmOfTheirOwn(kc, SubjectKind.REFRESH_TOKEN, "7c");
    }
}
