package io.xaa.keycloak.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

/** The test Keycloak (HTTP, management and whatever else it opens) listens and connects on 127.0.0.1 only. */
@ExtendWith(KeycloakExtension.class)
class LoopbackBindingIT {

    @Test
    void everySocketOfTheTestServerIsOnLoopback(Kc kc) throws Exception {
        List<String> listening = LoopbackSockets.assertOnLoopback(List.of(kc.server().pid()));
        System.out.println("sockets of the test Keycloak on 127.0.0.1: " + listening.size() + " listening");
    }
}
