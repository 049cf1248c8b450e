package io.xaa.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

final class ConnectionChangeTest {

    private static final Instant EXPIRY = Instant.parse("2030-01-01T00:00:00Z");
    private static final String R1 = "https://mcp.tool.example/one";
    private static final String R2 = "https://mcp.tool.example/two";

    /** scopes a, b; resource R1; groups /eng/ai or /ops; enabled; expires 2030. */
    private static final Connection BEFORE = connection(List.of("a", "b"), List.of(R1), List.of("/eng/ai", "/ops"), true, EXPIRY, "tool-id");

    @Test
    @DisplayName("narrowing every field, disabling and editing the description widen nothing")
    void narrowingWidensNothing() {
        Connection after = new Connection("c", "agent", "app", "tool-id", List.of("a"), List.of(R1), List.of("/ops"), false,
                EXPIRY.minusSeconds(60), "another description", null, null, null, null);

        assertEquals(List.of(), ConnectionChange.widenings(BEFORE, after));
        assertEquals(List.of(), ConnectionChange.widenings(BEFORE, BEFORE));
    }

    @Test
    @DisplayName("an added scope widens")
    void addedScope() {
        assertEquals(List.of("scopes (adds c)"), widenings(connection(List.of("b", "c"), List.of(R1), BEFORE.requiredGroups(), true, EXPIRY, "tool-id")));
    }

    @Test
    @DisplayName("resources: adding one or emptying the list (every resource) widens; listing some where all were allowed narrows")
    void resources() {
        assertEquals(List.of("resources (adds " + R2 + ")"), widenings(withResources(List.of(R1, R2))));
        assertEquals(List.of("resources (empties it, which allows every resource of the app)"), widenings(withResources(List.of())));

        Connection everyResource = withResources(List.of());
        assertEquals(List.of(), ConnectionChange.widenings(everyResource, withResources(List.of(R2))));
    }

    @Test
    @DisplayName("requiredGroups: adding one to an 'any of' list or emptying it (any user) widens; removing one narrows")
    void requiredGroups() {
        assertEquals(List.of("requiredGroups (adds /eng)"), widenings(withGroups(List.of("/eng/ai", "/ops", "/eng"))));
        assertEquals(List.of("requiredGroups (empties it, which allows any user)"), widenings(withGroups(List.of())));
        assertEquals(List.of(), widenings(withGroups(List.of("/eng/ai"))));

        Connection anyUser = withGroups(List.of());
        assertEquals(List.of(), ConnectionChange.widenings(anyUser, withGroups(List.of("/eng"))), "requiring a group narrows");
    }

    @Test
    @DisplayName("expiresAt: later or removed widens; earlier, or one where there was none, narrows")
    void expiry() {
        assertEquals(List.of("expiresAt (moves it later)"), widenings(withExpiry(EXPIRY.plusSeconds(1))));
        assertEquals(List.of("expiresAt (removes the expiry)"), widenings(withExpiry(null)));
        assertEquals(List.of(), widenings(withExpiry(EXPIRY.minusSeconds(1))));
        assertEquals(List.of(), ConnectionChange.widenings(withExpiry(null), BEFORE));
        assertEquals(List.of(), ConnectionChange.widenings(withExpiry(null), withExpiry(null)));
    }

    @Test
    @DisplayName("re-enabling widens, disabling does not")
    void enabled() {
        Connection disabled = connection(BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(), false, EXPIRY, "tool-id");

        assertEquals(List.of("enabled (re-enables the connection)"), ConnectionChange.widenings(disabled, BEFORE));
        assertEquals(List.of(), ConnectionChange.widenings(BEFORE, disabled));
        assertEquals(List.of(), ConnectionChange.widenings(disabled, disabled));
    }

    @Test
    @DisplayName("another clientIdAtResourceApp widens: the resource app sees another identity")
    void identity() {
        assertEquals(List.of("clientIdAtResourceApp (changes the identity the resource app sees)"),
                widenings(connection(BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(), true, EXPIRY, "other-id")));
    }

    @Test
    @DisplayName("every widened field is named, in a fixed order")
    void everyWidenedFieldIsNamed() {
        Connection disabled = connection(List.of("a"), List.of(R1), List.of("/ops"), false, EXPIRY, "tool-id");
        Connection wide = connection(List.of("a", "b"), List.of(), List.of(), true, null, "other-id");

        assertEquals(List.of("scopes (adds b)", "resources (empties it, which allows every resource of the app)",
                "requiredGroups (empties it, which allows any user)", "expiresAt (removes the expiry)",
                "enabled (re-enables the connection)", "clientIdAtResourceApp (changes the identity the resource app sees)"),
                ConnectionChange.widenings(disabled, wide));
    }

    @Test
    @DisplayName("no change: the stamps and a blank description do not count, any set field does")
    void none() {
        Connection stamped = new Connection("c", "agent", "app", "tool-id", BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(),
                true, EXPIRY, "description", "admin", Instant.EPOCH, "admin", Instant.EPOCH);
        Connection undescribed = new Connection("c", "agent", "app", "tool-id", BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(),
                true, EXPIRY, null, null, null, null, null);
        Connection blank = new Connection("c", "agent", "app", "tool-id", BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(),
                true, EXPIRY, " ", null, null, null, null);

        assertTrue(ConnectionChange.none(stamped, BEFORE));
        assertTrue(ConnectionChange.none(undescribed, blank));
        assertFalse(ConnectionChange.none(BEFORE, undescribed));
        assertFalse(ConnectionChange.none(BEFORE, withResources(List.of(R1, R2))));
        assertFalse(ConnectionChange.none(BEFORE, withGroups(List.of("/ops"))));
        assertFalse(ConnectionChange.none(BEFORE, withExpiry(null)));
        assertFalse(ConnectionChange.none(BEFORE, connection(BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(), false, EXPIRY, "tool-id")));
        assertFalse(ConnectionChange.none(BEFORE, connection(List.of("a"), BEFORE.resources(), BEFORE.requiredGroups(), true, EXPIRY, "tool-id")));
        assertFalse(ConnectionChange.none(BEFORE, connection(BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(), true, EXPIRY, "other-id")));
    }

    private static List<String> widenings(Connection after) {
        return ConnectionChange.widenings(BEFORE, after);
    }

    private static Connection withResources(List<String> resources) {
        return connection(BEFORE.scopes(), resources, BEFORE.requiredGroups(), true, EXPIRY, "tool-id");
    }

    private static Connection withGroups(List<String> groups) {
        return connection(BEFORE.scopes(), BEFORE.resources(), groups, true, EXPIRY, "tool-id");
    }

    private static Connection withExpiry(Instant expiresAt) {
        return connection(BEFORE.scopes(), BEFORE.resources(), BEFORE.requiredGroups(), true, expiresAt, "tool-id");
    }

    private static Connection connection(List<String> scopes, List<String> resources, List<String> groups, boolean enabled,
                                         Instant expiresAt, String clientIdAtApp) {
        return new Connection("c", "agent", "app", clientIdAtApp, scopes, resources, groups, enabled, expiresAt,
                "description", null, null, null, null);
    }
}
