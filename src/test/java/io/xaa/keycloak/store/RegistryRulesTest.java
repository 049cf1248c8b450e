package io.xaa.keycloak.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xaa.keycloak.policy.ResourceApp;
import io.xaa.keycloak.policy.StepUp;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class RegistryRulesTest {

    private static final String AUDIENCE = "https://as.tool.example";
    private static final String FILES = "https://mcp.tool.example/files";
    private static final String CALENDAR = "https://mcp.tool.example/calendar";

    @Nested
    @DisplayName("checkServerUri")
    final class ServerUri {

        @ParameterizedTest
        @ValueSource(strings = {
                "https://as.example.com",
                "https://as.example.com/realms/x",
                "HTTPS://as.example.com/realms/x",
                "http://localhost:8080/x",
                "http://127.0.0.1/x",
                "http://[::1]:9000/"})
        @DisplayName("accepts https URIs and http on loopback hosts")
        void accepts(String uri) {
            assertDoesNotThrow(() -> RegistryRules.checkServerUri(uri, "audience"));
        }

        @Test
        @DisplayName("refuses http on a non-loopback host")
        void refusesPlainHttp() {
            assertInvalid(() -> RegistryRules.checkServerUri("http://as.example.com", "audience"),
                    "audience must use https (http only for loopback hosts): http://as.example.com");
        }

        @Test
        @DisplayName("refuses a relative URI")
        void refusesRelative() {
            assertInvalid(() -> RegistryRules.checkServerUri("/x", "audience"),
                    "audience must be an absolute URI with a host: /x");
        }

        @Test
        @DisplayName("refuses an absolute URI without host")
        void refusesNoHost() {
            assertInvalid(() -> RegistryRules.checkServerUri("urn:x:y", "audience"),
                    "audience must be an absolute URI with a host: urn:x:y");
        }

        @Test
        @DisplayName("refuses a URI with a fragment")
        void refusesFragment() {
            assertInvalid(() -> RegistryRules.checkServerUri("https://a.example.com/#frag", "audience"),
                    "audience must not have a fragment: https://a.example.com/#frag");
        }

        @Test
        @DisplayName("refuses a URI with an empty fragment")
        void refusesEmptyFragment() {
            assertInvalid(() -> RegistryRules.checkServerUri("https://a.example.com/#", "audience"),
                    "audience must not have a fragment: https://a.example.com/#");
        }

        @Test
        @DisplayName("refuses a non-http scheme with a host")
        void refusesOtherScheme() {
            assertInvalid(() -> RegistryRules.checkServerUri("ftp://a.example.com/x", "audience"),
                    "audience must use https (http only for loopback hosts): ftp://a.example.com/x");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\t"})
        @DisplayName("refuses a missing or blank value")
        void refusesBlank(String uri) {
            assertInvalid(() -> RegistryRules.checkServerUri(uri, "audience"), "audience is required");
        }

        @Test
        @DisplayName("refuses a value that does not parse as a URI")
        void refusesUnparsable() {
            assertInvalid(() -> RegistryRules.checkServerUri("ht tp://bad", "audience"),
                    "audience is not a valid URI: ht tp://bad");
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://as.example.com", "/x", "urn:x:y", "https://a.example.com/#frag", "", "ht tp://bad"})
        @DisplayName("names the field it was given in every refusal")
        void namesTheField(String uri) {
            RegistryException e = assertThrows(RegistryException.class,
                    () -> RegistryRules.checkServerUri(uri, "resource"));
            assertEquals(RegistryException.Kind.INVALID, e.kind());
            assertTrue(e.getMessage().startsWith("resource "), e.getMessage());
        }
    }

    @Nested
    @DisplayName("checkScope")
    final class Scope {

        @ParameterizedTest
        @ValueSource(strings = {"read", "files:write", "a.b-c_d", "!", "~", "x#[]y"})
        @DisplayName("accepts RFC 6749 scope tokens")
        void accepts(String scope) {
            assertDoesNotThrow(() -> RegistryRules.checkScope(scope));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"a b", "quo\"te", "back\\slash", "tab\there", "caf\u00e9", "line\nbreak"})
        @DisplayName("refuses what is no scope token")
        void refuses(String scope) {
            assertInvalid(() -> RegistryRules.checkScope(scope), "scope is not a valid scope token: " + scope);
        }
    }

    @Nested
    @DisplayName("checkResourceApp")
    final class ResourceApps {

        @Test
        @DisplayName("accepts a valid app")
        void acceptsValid() {
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().build()));
        }

        @Test
        @DisplayName("accepts an app without resources or scopes")
        void acceptsEmptyLists() {
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().resources().scopes().build()));
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  "})
        @DisplayName("refuses a blank name")
        void refusesBlankName(String name) {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().name(name).build()), "name is required");
        }

        @Test
        @DisplayName("accepts a name of 255 characters")
        void acceptsLongestName() {
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().name("n".repeat(255)).build()));
        }

        @Test
        @DisplayName("refuses a name of 256 characters")
        void refusesTooLongName() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().name("n".repeat(256)).build()),
                    "name must be at most 255 characters");
        }

        @Test
        @DisplayName("refuses an audience on plain http")
        void refusesHttpAudience() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().audience("http://as.example.com").build()),
                    "audience must use https (http only for loopback hosts): http://as.example.com");
        }

        @Test
        @DisplayName("refuses an audience longer than 1024 characters")
        void refusesTooLongAudience() {
            String audience = "https://as.example.com/" + "a".repeat(1002);
            assertEquals(1025, audience.length());
            assertInvalid(() -> RegistryRules.checkResourceApp(app().audience(audience).build()),
                    "audience must be at most 1024 characters");
        }

        @Test
        @DisplayName("accepts an audience of 1024 characters")
        void acceptsLongestAudience() {
            String audience = "https://as.example.com/" + "a".repeat(1001);
            assertEquals(1024, audience.length());
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().audience(audience).build()));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 301})
        @DisplayName("refuses a lifetime outside 1..300 seconds")
        void refusesLifetime(int lifetime) {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().lifetime(lifetime).build()),
                    "idJagLifetimeSeconds must be between 1 and 300");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 300})
        @DisplayName("accepts a lifetime at either bound")
        void acceptsLifetime(int lifetime) {
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().lifetime(lifetime).build()));
        }

        @Test
        @DisplayName("refuses a repeated scope")
        void refusesDuplicateScopes() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().scopes("read", "write", "read").build()),
                    "scopes must not repeat a value");
        }

        @Test
        @DisplayName("refuses a repeated resource")
        void refusesDuplicateResources() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().resources(FILES, FILES).build()),
                    "resources must not repeat a value");
        }

        @Test
        @DisplayName("refuses a resource on plain http")
        void refusesHttpResource() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().resources(FILES, "http://mcp.example.com/x").build()),
                    "resource must use https (http only for loopback hosts): http://mcp.example.com/x");
        }

        @Test
        @DisplayName("accepts a resource on loopback http")
        void acceptsLoopbackResource() {
            assertDoesNotThrow(() -> RegistryRules.checkResourceApp(app().resources("http://localhost:3000/mcp").build()));
        }

        @Test
        @DisplayName("refuses an invalid scope token")
        void refusesInvalidScope() {
            assertInvalid(() -> RegistryRules.checkResourceApp(app().scopes("read", "bad scope").build()),
                    "scope is not a valid scope token: bad scope");
        }

        @Test
        @DisplayName("refuses resources too long in total")
        void refusesTooManyResources() {
            String base = "https://mcp.example.com/";
            List<String> resources = List.of(base + "a".repeat(2000), base + "b".repeat(2000));
            assertInvalid(() -> RegistryRules.checkResourceApp(app().resources(resources.toArray(String[]::new)).build()),
                    "resources are too long in total (at most about 4000 characters)");
        }
    }

    @Nested
    @DisplayName("checkDistinct")
    final class Distinct {

        @Test
        @DisplayName("accepts distinct values")
        void acceptsDistinct() {
            assertDoesNotThrow(() -> RegistryRules.checkDistinct(List.of("a", "b", "c"), "scopes"));
        }

        @Test
        @DisplayName("accepts an empty list")
        void acceptsEmpty() {
            assertDoesNotThrow(() -> RegistryRules.checkDistinct(List.of(), "scopes"));
        }

        @Test
        @DisplayName("refuses a repeated value and names the field")
        void refusesRepeat() {
            assertInvalid(() -> RegistryRules.checkDistinct(List.of("a", "b", "a"), "requiredGroups"),
                    "requiredGroups must not repeat a value");
        }
    }

    @Nested
    @DisplayName("checkListSize")
    final class ListSize {

        @Test
        @DisplayName("accepts an empty list")
        void acceptsEmpty() {
            assertDoesNotThrow(() -> RegistryRules.checkListSize(List.of(), "scopes"));
        }

        @Test
        @DisplayName("accepts a list whose JSON is exactly 4000 characters")
        void acceptsAtLimit() {
            // ["<3995 chars>"] plus the comma allowance: 3995 + 3 + 2 = 4000
            assertDoesNotThrow(() -> RegistryRules.checkListSize(List.of("x".repeat(3995)), "scopes"));
        }

        @Test
        @DisplayName("refuses a single value one character over the limit")
        void refusesOneOver() {
            assertInvalid(() -> RegistryRules.checkListSize(List.of("x".repeat(3996)), "scopes"),
                    "scopes are too long in total (at most about 4000 characters)");
        }

        @Test
        @DisplayName("refuses many short values totalling more than 4000 characters")
        void refusesManyValues() {
            List<String> values = Collections.nCopies(10, "y".repeat(397)); // 10 * 400 + 2 = 4002
            assertInvalid(() -> RegistryRules.checkListSize(values, "resources"),
                    "resources are too long in total (at most about 4000 characters)");
        }

        @Test
        @DisplayName("accepts many short values totalling less than 4000 characters")
        void acceptsManyValues() {
            List<String> values = Collections.nCopies(10, "y".repeat(396)); // 10 * 399 + 2 = 3992
            assertDoesNotThrow(() -> RegistryRules.checkListSize(values, "resources"));
        }
    }

    @Nested
    @DisplayName("step-up policies")
    final class StepUpPolicies {

        private final Map<String, Integer> loa = Map.of("pwd", 1, "mfa", 2);

        @Test
        @DisplayName("accepts known ACR values, level numbers and a max age")
        void acceptsValid() {
            assertDoesNotThrow(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("mfa", "3"), 300))
                    .scopeStepUp("write", new StepUp(List.of(), 60)).build(), loa));
        }

        @Test
        @DisplayName("refuses an ACR value the realm does not map")
        void refusesUnknownAcr() {
            assertInvalid(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("gold"), null)).build(), loa),
                    "stepUp names ACR value gold, which is neither in the realm's ACR to LoA mapping " + loa.keySet()
                            + " nor a level number");
        }

        @Test
        @DisplayName("refuses a policy that asks for nothing, and max ages outside 1 s to one year")
        void refusesEmptyAndBadAges() {
            assertInvalid(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of(), null)).build(), loa),
                    "stepUp needs acrValues, maxAgeSeconds or both");
            assertInvalid(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("mfa"), 0)).build(), loa),
                    "stepUp maxAgeSeconds must be between 1 and 31536000");
            assertInvalid(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("mfa"), 31_536_001)).build(), loa),
                    "stepUp maxAgeSeconds must be between 1 and 31536000");
        }

        @Test
        @DisplayName("refuses a scope policy for a scope the app does not offer, and repeated ACR values")
        void refusesForeignScopeAndRepeats() {
            assertInvalid(() -> RegistryRules.checkStepUp(app().scopeStepUp("admin", new StepUp(List.of("mfa"), null)).build(), loa),
                    "scopeStepUp names admin, which the app does not offer");
            assertInvalid(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("mfa", "mfa"), null)).build(), loa),
                    "stepUp acrValues must not repeat a value");
        }
    }

    @Nested
    @DisplayName("refusals name the API field, a code and what they concern")
    class RefusalParts {

        @Test
        @DisplayName("each resource, the audience and the lifetime")
        void fieldsAndCodes() {
            assertRefusal(() -> RegistryRules.checkResourceApp(app().resources(FILES, "http://mcp.tool.example/x").build()),
                    "resources", "notHttps", Map.of("value", "http://mcp.tool.example/x"));
            assertRefusal(() -> RegistryRules.checkResourceApp(app().audience("https://as.tool.example/#a").build()),
                    "audience", "hasFragment", Map.of("value", "https://as.tool.example/#a"));
            assertRefusal(() -> RegistryRules.checkResourceApp(app().name(" ").build()), "name", "required", Map.of());
            assertRefusal(() -> RegistryRules.checkResourceApp(app().lifetime(0).build()),
                    "idJagLifetimeSeconds", "outOfRange", Map.of("min", "1", "max", "300"));
            assertRefusal(() -> RegistryRules.checkResourceApp(app().scopes("read", "read").build()), "scopes", "repeated", Map.of());
        }

        @Test
        @DisplayName("a step-up's inputs by their path: stepUp.* or scopeStepUp.{scope}.*")
        void stepUpPaths() {
            Map<String, Integer> loa = Map.of("mfa", 2);
            assertRefusal(() -> RegistryRules.checkStepUp(app().stepUp(new StepUp(List.of("gold"), null)).build(), loa),
                    "stepUp.acrValues", "unknownAcr", Map.of("value", "gold"));
            assertRefusal(() -> RegistryRules.checkStepUp(app().scopeStepUp("write", new StepUp(List.of("mfa"), 0)).build(), loa),
                    "scopeStepUp.write.maxAgeSeconds", "outOfRange", Map.of("min", "1", "max", "31536000"));
            assertRefusal(() -> RegistryRules.checkStepUp(app().scopeStepUp("admin", new StepUp(List.of("mfa"), null)).build(), loa),
                    "scopeStepUp.admin", "notOffered", Map.of("value", "admin"));
        }

        private static void assertRefusal(Executable executable, String field, String code, Map<String, String> params) {
            RegistryException e = assertThrows(RegistryException.class, executable);
            assertEquals(field, e.field());
            assertEquals(code, e.code());
            assertEquals(params, e.params());
        }
    }

    private static void assertInvalid(Executable executable, String message) {
        RegistryException e = assertThrows(RegistryException.class, executable);
        assertEquals(RegistryException.Kind.INVALID, e.kind());
        assertEquals(message, e.getMessage());
    }

    private static AppBuilder app() {
        return new AppBuilder();
    }

    /** A valid app by default; each test breaks only what it is about. */
    private static final class AppBuilder {
        private String name = "Tool";
        private String audience = AUDIENCE;
        private List<String> resources = List.of(FILES, CALENDAR);
        private List<String> scopes = List.of("read", "write");
        private int lifetime = 120;
        private StepUp stepUp;
        private Map<String, StepUp> scopeStepUp = Map.of();

        AppBuilder stepUp(StepUp value) { stepUp = value; return this; }
        AppBuilder scopeStepUp(String scope, StepUp value) { scopeStepUp = Map.of(scope, value); return this; }
        AppBuilder name(String value) { name = value; return this; }
        AppBuilder audience(String value) { audience = value; return this; }
        AppBuilder resources(String... values) { resources = List.of(values); return this; }
        AppBuilder scopes(String... values) { scopes = List.of(values); return this; }
        AppBuilder lifetime(int value) { lifetime = value; return this; }

        ResourceApp build() {
            return new ResourceApp("app-1", name, audience, resources, scopes, lifetime, false, true, stepUp, scopeStepUp, false, false);
        }
    }
}
