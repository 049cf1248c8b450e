package io.xaa.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xaa.keycloak.policy.ScopeNarrowing.DroppedScope;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static io.xaa.keycloak.policy.ScopeNarrowing.DropReason.NOT_ALLOWED_BY_CONNECTION;
import static io.xaa.keycloak.policy.ScopeNarrowing.DropReason.NOT_OFFERED_BY_RESOURCE_APP;

final class ScopeNarrowingTest {

    private static final ResourceApp APP = new ResourceApp("app-1", "Files", "https://as.example", List.of(),
            List.of("read", "write", "admin"), 120, false, true, null, Map.of(), false, false);

    @Test
    @DisplayName("a scope the app offers but the connection does not allow is dropped by the connection")
    void droppedByTheConnection() {
        ScopeNarrowing narrowing = ScopeNarrowing.of(APP, connection("read", "write"), Set.of("read", "admin"));

        assertEquals(List.of("read"), narrowing.granted());
        assertEquals(List.of(new DroppedScope("admin", NOT_ALLOWED_BY_CONNECTION)), narrowing.dropped());
    }

    @Test
    @DisplayName("a scope the app does not offer is dropped by the app, even when the connection still lists it")
    void droppedByTheApp() {
        ScopeNarrowing narrowing = ScopeNarrowing.of(APP, connection("read", "delete"), Set.of("delete", "print"));

        assertEquals(List.of(), narrowing.granted());
        assertEquals(List.of(new DroppedScope("delete", NOT_OFFERED_BY_RESOURCE_APP), new DroppedScope("print", NOT_OFFERED_BY_RESOURCE_APP)),
                narrowing.dropped());
    }

    @Test
    @DisplayName("no scope requested: the connection's scopes the app no longer offers are the dropped ones")
    void noScopeRequested() {
        ScopeNarrowing narrowing = ScopeNarrowing.of(APP, connection("write", "delete", "read"), null);

        assertEquals(List.of("write", "read"), narrowing.granted());
        assertEquals(List.of(new DroppedScope("delete", NOT_OFFERED_BY_RESOURCE_APP)), narrowing.dropped());
    }

    @Test
    @DisplayName("granted in the connection's order, dropped in name order, whatever the request's order")
    void stableOrder() {
        ScopeNarrowing narrowing = ScopeNarrowing.of(APP, connection("write", "read"),
                new LinkedHashSet<>(List.of("zeta", "read", "admin", "write")));

        assertEquals(List.of("write", "read"), narrowing.granted());
        assertEquals(List.of(new DroppedScope("admin", NOT_ALLOWED_BY_CONNECTION), new DroppedScope("zeta", NOT_OFFERED_BY_RESOURCE_APP)),
                narrowing.dropped());
    }

    @Test
    @DisplayName("an empty request drops nothing and grants nothing")
    void emptyRequest() {
        assertEquals(new ScopeNarrowing(List.of(), List.of()), ScopeNarrowing.of(APP, connection("read"), Set.of()));
    }

    private static Connection connection(String... scopes) {
        return new Connection("conn-1", "agent", APP.id(), "agent-at-files", List.of(scopes), List.of(), List.of(), true,
                null, null, null, null, null, null);
    }
}
