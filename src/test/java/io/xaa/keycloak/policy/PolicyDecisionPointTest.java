package io.xaa.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class PolicyDecisionPointTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String CONNECTION_ID = "conn-1";
    private static final String CLIENT_ID_AT_APP = "tool-client-42";
    private static final String FILES = "https://mcp.tool.example/files";
    private static final String CALENDAR = "https://mcp.tool.example/calendar";
    private static final String MAIL = "https://mcp.tool.example/mail";

    @Nested
    @DisplayName("client and audience")
    final class ClientAndAudience {

        @Test
        @DisplayName("a client without any connection is refused as not enabled")
        void clientWithoutConnections() {
            assertRefused(given().clientHasConnections(false).decide(), Refusal.CLIENT_NOT_ENABLED, null);
        }

        @Test
        @DisplayName("a client without any connection is refused as not enabled even when the audience is unknown")
        void clientWithoutConnectionsBeatsUnknownAudience() {
            Decision decision = given().clientHasConnections(false).unknownAudience().noConnection().decide();

            assertRefused(decision, Refusal.CLIENT_NOT_ENABLED, null);
            assertEquals("unauthorized_client", Refusal.CLIENT_NOT_ENABLED.error());
        }

        @Test
        @DisplayName("an audience that is no resource app is refused as invalid_target")
        void unknownAudience() {
            Decision decision = given().unknownAudience().decide();

            assertRefused(decision, Refusal.UNKNOWN_AUDIENCE, null);
            assertEquals("invalid_target", Refusal.UNKNOWN_AUDIENCE.error());
        }

        @Test
        @DisplayName("a disabled resource app is refused")
        void disabledApp() {
            assertRefused(given().appEnabled(false).decide(), Refusal.RESOURCE_APP_DISABLED, null);
        }

        @Test
        @DisplayName("a disabled resource app is refused before an ungoverned resource is looked at")
        void disabledAppBeatsUngovernedResource() {
            Decision decision = given().appEnabled(false).requestResources(MAIL).decide();

            assertRefused(decision, Refusal.RESOURCE_APP_DISABLED, null);
        }
    }

    @Nested
    @DisplayName("the kind of subject token")
    class SubjectKinds {

        @Test
        @DisplayName("an ID token is accepted by every app, whatever its refresh-token settings")
        void idTokenAlways() {
            assertIssued(given().appAllows(false, false).decide());
        }

        @Test
        @DisplayName("a refresh token is refused as invalid_request unless the app allows refresh tokens")
        void refreshTokenNeedsItsFlag() {
            assertRefused(given().subject(SubjectKind.REFRESH_TOKEN).decide(), Refusal.REFRESH_TOKEN_SUBJECT_NOT_ALLOWED, null);
            assertRefused(given().subject(SubjectKind.REFRESH_TOKEN).appAllows(false, true).decide(),
                    Refusal.REFRESH_TOKEN_SUBJECT_NOT_ALLOWED, null);
            assertIssued(given().subject(SubjectKind.REFRESH_TOKEN).appAllows(true, false).decide());
            assertEquals("invalid_request", Refusal.REFRESH_TOKEN_SUBJECT_NOT_ALLOWED.error());
        }

        @Test
        @DisplayName("an offline token needs its own flag: allowing refresh tokens does not allow offline ones")
        void offlineTokenNeedsItsOwnFlag() {
            assertRefused(given().subject(SubjectKind.OFFLINE_TOKEN).appAllows(true, false).decide(),
                    Refusal.OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED, null);
            assertIssued(given().subject(SubjectKind.OFFLINE_TOKEN).appAllows(false, true).decide());
            assertEquals("invalid_request", Refusal.OFFLINE_TOKEN_SUBJECT_NOT_ALLOWED.error());
        }

        @Test
        @DisplayName("a disabled app is refused as disabled before the subject kind is looked at")
        void disabledAppFirst() {
            assertRefused(given().appEnabled(false).subject(SubjectKind.REFRESH_TOKEN).decide(), Refusal.RESOURCE_APP_DISABLED, null);
        }

        @Test
        @DisplayName("the subject kind is refused before the connection, so a client learns nothing about its connections")
        void beforeTheConnection() {
            assertRefused(given().noConnection().subject(SubjectKind.REFRESH_TOKEN).decide(),
                    Refusal.REFRESH_TOKEN_SUBJECT_NOT_ALLOWED, null);
        }

        @Test
        @DisplayName("the check the exchange makes before a refresh token's session answers as decide() does")
        void earlyCheckAgreesWithDecide() {
            List<Given> cases = new ArrayList<>();
            for (SubjectKind kind : SubjectKind.values()) {
                for (boolean refresh : new boolean[] {false, true}) {
                    for (boolean offline : new boolean[] {false, true}) {
                        cases.add(given().subject(kind).appAllows(refresh, offline));
                        cases.add(given().subject(kind).appAllows(refresh, offline).appEnabled(false));
                        cases.add(given().subject(kind).appAllows(refresh, offline).unknownAudience());
                        cases.add(given().subject(kind).appAllows(refresh, offline).clientHasConnections(false));
                        cases.add(given().subject(kind).appAllows(refresh, offline).client(false, false));
                    }
                }
            }
            for (Given given : cases) {
                Optional<Refusal> early = given.checkBeforeSubjectSession();
                Decision decision = given.decide();
                if (early.isPresent()) {
                    assertRefused(decision, early.get(), null);
                } else {
                    assertIssued(decision);
                }
            }
        }

        @Test
        @DisplayName("the kinds have the names events, audit records and the simulator use")
        void names() {
            assertEquals(List.of("id_token", "refresh_token", "offline_token"),
                    Arrays.stream(SubjectKind.values()).map(SubjectKind::value).toList());
            assertEquals(Optional.of(SubjectKind.OFFLINE_TOKEN), SubjectKind.of("offline_token"));
            assertEquals(Optional.empty(), SubjectKind.of("access_token"));
        }
    }

    @Nested
    @DisplayName("resources governed by the app")
    final class Governed {

        @Test
        @DisplayName("a resource the app does not govern is refused as invalid_target")
        void ungovernedResource() {
            Decision decision = given().requestResources(MAIL).decide();

            assertRefused(decision, Refusal.RESOURCE_NOT_GOVERNED, null);
            assertEquals("invalid_target", Refusal.RESOURCE_NOT_GOVERNED.error());
        }

        @Test
        @DisplayName("one ungoverned resource among governed ones is refused")
        void oneUngovernedAmongGoverned() {
            assertRefused(given().requestResources(FILES, MAIL).decide(), Refusal.RESOURCE_NOT_GOVERNED, null);
        }

        @Test
        @DisplayName("an ungoverned resource is refused before the connection's existence is checked")
        void ungovernedBeatsMissingConnection() {
            Decision decision = given().noConnection().requestResources(MAIL).decide();

            assertRefused(decision, Refusal.RESOURCE_NOT_GOVERNED, null);
        }
    }

    @Nested
    @DisplayName("the connection")
    final class TheConnection {

        @Test
        @DisplayName("no connection to the app is refused as access_denied")
        void noConnection() {
            Decision decision = given().noConnection().decide();

            assertRefused(decision, Refusal.NO_CONNECTION, null);
            assertEquals("access_denied", Refusal.NO_CONNECTION.error());
        }

        @Test
        @DisplayName("a disabled connection is refused and names the connection")
        void disabledConnection() {
            assertRefused(given().connectionEnabled(false).decide(), Refusal.CONNECTION_DISABLED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a disabled connection is refused before its expiry is looked at")
        void disabledBeatsExpired() {
            Decision decision = given().connectionEnabled(false).expiresAt(NOW.minusSeconds(60)).decide();

            assertRefused(decision, Refusal.CONNECTION_DISABLED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a connection expiring exactly now is expired")
        void expiresNow() {
            assertRefused(given().expiresAt(NOW).decide(), Refusal.CONNECTION_EXPIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a connection that expired in the past is expired")
        void expiredInThePast() {
            assertRefused(given().expiresAt(NOW.minusSeconds(1)).decide(), Refusal.CONNECTION_EXPIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a connection expiring in the future issues")
        void expiresInTheFuture() {
            Decision.Issue issue = assertIssued(given().expiresAt(NOW.plusSeconds(1)).decide());

            assertEquals(CONNECTION_ID, issue.connectionId());
        }

        @Test
        @DisplayName("a connection without expiry issues")
        void neverExpires() {
            assertIssued(given().expiresAt(null).decide());
        }

        @Test
        @DisplayName("an expired connection is refused before a disallowed resource is looked at")
        void expiredBeatsResourceNotAllowed() {
            Decision decision = given().expiresAt(NOW).connectionResources(FILES).requestResources(CALENDAR).decide();

            assertRefused(decision, Refusal.CONNECTION_EXPIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("the issue carries the connection id and the client id at the resource app")
        void issueCarriesConnectionFacts() {
            Decision.Issue issue = assertIssued(given().decide());

            assertEquals(CONNECTION_ID, issue.connectionId());
            assertEquals(CLIENT_ID_AT_APP, issue.clientIdAtResourceApp());
        }
    }

    @Nested
    @DisplayName("resources allowed by the connection")
    final class Allowed {

        @Test
        @DisplayName("an app resource outside the connection's resources is refused as invalid_target")
        void resourceNotAllowed() {
            Decision decision = given().connectionResources(FILES).requestResources(CALENDAR).decide();

            assertRefused(decision, Refusal.RESOURCE_NOT_ALLOWED, CONNECTION_ID);
            assertEquals("invalid_target", Refusal.RESOURCE_NOT_ALLOWED.error());
        }

        @Test
        @DisplayName("one disallowed resource among allowed ones is refused")
        void oneDisallowedAmongAllowed() {
            Decision decision = given().connectionResources(FILES).requestResources(FILES, CALENDAR).decide();

            assertRefused(decision, Refusal.RESOURCE_NOT_ALLOWED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a resource inside the connection's resources is granted")
        void resourceAllowed() {
            Decision.Issue issue = assertIssued(given().connectionResources(FILES).requestResources(FILES).decide());

            assertEquals(List.of(FILES), issue.grantedResources());
        }

        @Test
        @DisplayName("a connection without resources allows every resource of the app")
        void emptyConnectionResourcesAllowAll() {
            Decision.Issue issue = assertIssued(given().connectionResources().requestResources(CALENDAR, FILES).decide());

            assertEquals(List.of(CALENDAR, FILES), issue.grantedResources());
        }

        @Test
        @DisplayName("a disallowed resource is refused before the group is looked at")
        void resourceNotAllowedBeatsGroup() {
            Decision decision = given().connectionResources(FILES).requestResources(CALENDAR)
                    .requiredGroups("/eng").userGroups("/sales").decide();

            assertRefused(decision, Refusal.RESOURCE_NOT_ALLOWED, CONNECTION_ID);
        }
    }

    @Nested
    @DisplayName("required groups")
    final class Groups {

        @Test
        @DisplayName("no required group lets any user in, even one in no group")
        void noRequiredGroup() {
            assertIssued(given().requiredGroups().userGroups().decide());
        }

        @Test
        @DisplayName("a user in the required group is allowed")
        void userInGroup() {
            assertIssued(given().requiredGroups("/eng").userGroups("/eng").decide());
        }

        @Test
        @DisplayName("a user in one of several required groups is allowed")
        void userInOneOfSeveralGroups() {
            assertIssued(given().requiredGroups("/eng", "/ops").userGroups("/ops").decide());
        }

        @Test
        @DisplayName("a user only in a subgroup is allowed, since the caller passes ancestor paths")
        void userInSubgroup() {
            assertIssued(given().requiredGroups("/eng").userGroups("/eng", "/eng/ai").decide());
        }

        @Test
        @DisplayName("a user in a different group is refused as access_denied")
        void userInOtherGroup() {
            Decision decision = given().requiredGroups("/eng").userGroups("/sales").decide();

            assertRefused(decision, Refusal.GROUP_REQUIRED, CONNECTION_ID);
            assertEquals("access_denied", Refusal.GROUP_REQUIRED.error());
        }

        @Test
        @DisplayName("a user in no group is refused when a group is required")
        void userInNoGroup() {
            assertRefused(given().requiredGroups("/eng").userGroups().decide(), Refusal.GROUP_REQUIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a group whose path merely starts with the required path is refused")
        void prefixIsNotMembership() {
            Decision decision = given().requiredGroups("/eng").userGroups("/engineering").decide();

            assertRefused(decision, Refusal.GROUP_REQUIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a user only in the parent of a required subgroup is refused")
        void parentIsNotSubgroup() {
            Decision decision = given().requiredGroups("/eng/ai").userGroups("/eng").decide();

            assertRefused(decision, Refusal.GROUP_REQUIRED, CONNECTION_ID);
        }

        @Test
        @DisplayName("a missing group is refused before the scopes are looked at")
        void groupBeatsScope() {
            Decision decision = given().requiredGroups("/eng").userGroups("/sales").requestScopes("admin").decide();

            assertRefused(decision, Refusal.GROUP_REQUIRED, CONNECTION_ID);
        }
    }

    @Nested
    @DisplayName("scopes")
    final class Scopes {

        @Test
        @DisplayName("no scope requested grants the connection's scopes the app still offers, in the connection's order, narrowed")
        void noScopeRequested() {
            Decision.Issue issue = assertIssued(given()
                    .appScopes("read", "write", "delete")
                    .connectionScopes("write", "admin", "read")
                    .requestScopes((Set<String>) null)
                    .decide());

            assertEquals(List.of("write", "read"), issue.grantedScopes());
            assertTrue(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("no scope requested on a connection whose scopes the app no longer offers issues without scopes")
        void noScopeRequestedNothingOffered() {
            Decision.Issue issue = assertIssued(given()
                    .appScopes("read").connectionScopes("admin").requestScopes((Set<String>) null).decide());

            assertEquals(List.of(), issue.grantedScopes());
            assertTrue(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("a requested subset is granted exactly and not narrowed")
        void requestedSubset() {
            Decision.Issue issue = assertIssued(given()
                    .connectionScopes("read", "write").requestScopes("read").decide());

            assertEquals(List.of("read"), issue.grantedScopes());
            assertFalse(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("requesting every allowed scope grants them in the connection's order, not narrowed")
        void requestedAll() {
            Decision.Issue issue = assertIssued(given()
                    .connectionScopes("write", "read").requestScopes("read", "write").decide());

            assertEquals(List.of("write", "read"), issue.grantedScopes());
            assertFalse(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("N23: partly forbidden scopes are narrowed to the allowed ones")
        void partlyForbidden() {
            Decision.Issue issue = assertIssued(given()
                    .connectionScopes("read", "write").requestScopes("read", "admin").decide());

            assertEquals(List.of("read"), issue.grantedScopes());
            assertTrue(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("a scope the connection allows but the app no longer offers is narrowed away")
        void appNoLongerOffers() {
            Decision.Issue issue = assertIssued(given()
                    .appScopes("read").connectionScopes("read", "write").requestScopes("read", "write").decide());

            assertEquals(List.of("read"), issue.grantedScopes());
            assertTrue(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("N22: only forbidden scopes are refused as invalid_scope")
        void allForbidden() {
            Decision decision = given().connectionScopes("read", "write").requestScopes("admin", "delete").decide();

            assertRefused(decision, Refusal.NO_SCOPE_ALLOWED, CONNECTION_ID);
            assertEquals("invalid_scope", Refusal.NO_SCOPE_ALLOWED.error());
        }

        @Test
        @DisplayName("a requested scope the app no longer offers is refused when it is the only one")
        void onlyScopeNoLongerOffered() {
            Decision decision = given().appScopes("read").connectionScopes("read", "write").requestScopes("write").decide();

            assertRefused(decision, Refusal.NO_SCOPE_ALLOWED, CONNECTION_ID);
        }

        @Test
        @DisplayName("each scope narrowed away is reported with its reason, refused or issued")
        void droppedScopesHaveReasons() {
            Decision.Issue issue = assertIssued(given().appScopes("read", "write", "admin").connectionScopes("read", "write")
                    .requestScopes("read", "admin", "delete").decide());
            Decision refused = given().appScopes("read", "admin").connectionScopes("read").requestScopes("admin").decide();

            assertEquals(List.of(new ScopeNarrowing.DroppedScope("admin", ScopeNarrowing.DropReason.NOT_ALLOWED_BY_CONNECTION),
                    new ScopeNarrowing.DroppedScope("delete", ScopeNarrowing.DropReason.NOT_OFFERED_BY_RESOURCE_APP)), issue.droppedScopes());
            assertRefused(refused, Refusal.NO_SCOPE_ALLOWED, CONNECTION_ID);
            assertEquals(List.of(new ScopeNarrowing.DroppedScope("admin", ScopeNarrowing.DropReason.NOT_ALLOWED_BY_CONNECTION)),
                    refused.droppedScopes());
        }

        @Test
        @DisplayName("a refusal before the scopes are looked at drops none")
        void earlyRefusalDropsNone() {
            Decision decision = given().connectionEnabled(false).requestScopes("admin").decide();

            assertRefused(decision, Refusal.CONNECTION_DISABLED, CONNECTION_ID);
            assertEquals(List.of(), decision.droppedScopes());
        }

        @Test
        @DisplayName("a step-up reports the scopes dropped before it")
        void stepUpCarriesDroppedScopes() {
            Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class, given().stepUp(new StepUp(List.of("mfa"), null))
                    .requestScopes("read", "admin").decide());

            assertEquals(List.of(new ScopeNarrowing.DroppedScope("admin", ScopeNarrowing.DropReason.NOT_OFFERED_BY_RESOURCE_APP)),
                    stepUp.droppedScopes());
        }

        @Test
        @DisplayName("an empty scope request issues with no scopes, not narrowed")
        void emptyRequest() {
            Decision.Issue issue = assertIssued(given().connectionScopes("read", "write").requestScopes().decide());

            assertEquals(List.of(), issue.grantedScopes());
            assertFalse(issue.scopeNarrowed());
        }

        @Test
        @DisplayName("forbidden scopes are refused before the session is looked at")
        void scopeBeatsSession() {
            Decision decision = given().requestScopes("admin").sessionExpiresAt(NOW).decide();

            assertRefused(decision, Refusal.NO_SCOPE_ALLOWED, CONNECTION_ID);
        }
    }

    @Nested
    @DisplayName("lifetime")
    final class Lifetime {

        @Test
        @DisplayName("the app's lifetime applies when it is the shortest")
        void appLifetime() {
            Decision.Issue issue = assertIssued(given().appLifetime(120).sessionExpiresAt(NOW.plusSeconds(3600)).decide());

            assertEquals(120, issue.lifetimeSeconds());
        }

        @Test
        @DisplayName("the lifetime never exceeds 300 seconds")
        void capAt300() {
            Decision.Issue issue = assertIssued(given().appLifetime(900).sessionExpiresAt(NOW.plusSeconds(3600)).decide());

            assertEquals(300, issue.lifetimeSeconds());
            assertEquals(300, ResourceApp.MAX_LIFETIME_SECONDS);
        }

        @Test
        @DisplayName("the lifetime never outlives the user's session")
        void sessionBounds() {
            Decision.Issue issue = assertIssued(given().appLifetime(120).sessionExpiresAt(NOW.plusSeconds(45)).decide());

            assertEquals(45, issue.lifetimeSeconds());
        }

        @Test
        @DisplayName("a session ending in one second issues for one second")
        void sessionEndsInOneSecond() {
            Decision.Issue issue = assertIssued(given().sessionExpiresAt(NOW.plusSeconds(1)).decide());

            assertEquals(1, issue.lifetimeSeconds());
        }

        @Test
        @DisplayName("a session ending now is refused as invalid_grant")
        void sessionEndsNow() {
            Decision decision = given().sessionExpiresAt(NOW).decide();

            assertRefused(decision, Refusal.SESSION_ENDING, CONNECTION_ID);
            assertEquals("invalid_grant", Refusal.SESSION_ENDING.error());
        }

        @Test
        @DisplayName("a session ending in less than a second is refused")
        void sessionEndsWithinASecond() {
            assertRefused(given().sessionExpiresAt(NOW.plusMillis(999)).decide(), Refusal.SESSION_ENDING, CONNECTION_ID);
        }

        @Test
        @DisplayName("a session that already ended is refused")
        void sessionEnded() {
            assertRefused(given().sessionExpiresAt(NOW.minusSeconds(10)).decide(), Refusal.SESSION_ENDING, CONNECTION_ID);
        }

        @Test
        @DisplayName("a session without end gives the app's lifetime")
        void endlessSession() {
            Decision.Issue issue = assertIssued(given().appLifetime(180).sessionExpiresAt(Instant.MAX).decide());

            assertEquals(180, issue.lifetimeSeconds());
        }
    }

    @Nested
    @DisplayName("granted resources")
    final class GrantedResources {

        @Test
        @DisplayName("no resource requested grants the connection's resources")
        void connectionResources() {
            Decision.Issue issue = assertIssued(given().connectionResources(CALENDAR).requestResources().decide());

            assertEquals(List.of(CALENDAR), issue.grantedResources());
        }

        @Test
        @DisplayName("no resource requested on a connection without resources grants the app's resources")
        void appResources() {
            Decision.Issue issue = assertIssued(given().connectionResources().requestResources().decide());

            assertEquals(List.of(FILES, CALENDAR), issue.grantedResources());
        }

        @Test
        @DisplayName("requested resources are granted exactly")
        void requestedResources() {
            Decision.Issue issue = assertIssued(given().connectionResources(FILES, CALENDAR).requestResources(CALENDAR).decide());

            assertEquals(List.of(CALENDAR), issue.grantedResources());
        }

        @Test
        @DisplayName("an app without resources issues with no resources")
        void appWithoutResources() {
            Decision.Issue issue = assertIssued(given().appResources().connectionResources().requestResources().decide());

            assertEquals(List.of(), issue.grantedResources());
        }
    }

    @Nested
    @DisplayName("connection resources the app no longer governs")
    final class ResourcesLeftTheApp {

        @Test
        @DisplayName("only the connection's resources the app still governs are granted")
        void grantsTheIntersection() {
            Decision.Issue issue = assertIssued(given().connectionResources(FILES, MAIL).requestResources().decide());

            assertEquals(List.of(FILES), issue.grantedResources());
        }

        @Test
        @DisplayName("a connection whose every resource left the app is refused, never widened to the app's resources")
        void refusesWhenNoneIsLeft() {
            assertRefused(given().connectionResources(MAIL).requestResources().decide(), Refusal.RESOURCE_NOT_ALLOWED, CONNECTION_ID);
        }
    }

    @Test
    @DisplayName("the default scenario issues with every value the rules derive")
    void defaultScenarioIssues() {
        Decision.Issue issue = assertIssued(given().decide());

        assertEquals(new Decision.Issue(CONNECTION_ID, CLIENT_ID_AT_APP, List.of("read", "write"),
                List.of(FILES, CALENDAR), 120, true, List.of()), issue);
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    @DisplayName("every refusal has a description and a known OAuth error")
    void everyRefusalIsDescribed(Refusal refusal) {
        assertFalse(refusal.description() == null || refusal.description().isBlank(), refusal.name());
        assertTrue(Set.of("invalid_client", "unauthorized_client", "invalid_target", "access_denied", "invalid_scope", "invalid_grant",
                        "invalid_request")
                .contains(refusal.error()), refusal + " -> " + refusal.error());
    }

    private static Decision.Issue assertIssued(Decision decision) {
        return assertInstanceOf(Decision.Issue.class, decision);
    }

    private static void assertRefused(Decision decision, Refusal rule, String connectionId) {
        Decision.Refuse refuse = assertInstanceOf(Decision.Refuse.class, decision);
        assertEquals(rule, refuse.rule());
        if (connectionId == null) {
            assertNull(refuse.connectionId());
        } else {
            assertEquals(connectionId, refuse.connectionId());
        }
    }

    @Nested
    @DisplayName("the requesting client itself (N01, N02)")
    class ClientRules {

        @Test
        @DisplayName("a public client is invalid_client (401), before anything else")
        void publicClient() {
            assertRefused(given().client(false, false).clientHasConnections(false).decide(), Refusal.PUBLIC_CLIENT, null);
            assertEquals(401, Refusal.PUBLIC_CLIENT.httpStatus());
        }

        @Test
        @DisplayName("a dynamically registered client is unauthorized_client, even with a connection")
        void dynamicClient() {
            assertRefused(given().client(true, true).decide(), Refusal.DYNAMIC_CLIENT, null);
            assertEquals(400, Refusal.DYNAMIC_CLIENT.httpStatus());
        }

        @Test
        @DisplayName("checkClient alone passes a confidential, admin-registered client")
        void checkClientPasses() {
            assertEquals(Optional.empty(), PolicyDecisionPoint.checkClient(new ExchangeRequest.ClientFacts(true, false)));
        }
    }

    @Nested
    @DisplayName("step-up (checklist §3.11, N26, N27)")
    class StepUpRules {

        @Test
        @DisplayName("a level below the app's policy asks for step-up with the acceptable ACR values")
        void levelTooLow() {
            Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class,
                    given().stepUp(new StepUp(List.of("mfa", "phr"), null)).decide());
            assertEquals(2, stepUp.requirement().level());
            assertEquals(List.of("mfa", "phr"), stepUp.requirement().acrValues());
            assertNull(stepUp.requirement().maxAgeSeconds());
            assertEquals(CONNECTION_ID, stepUp.connectionId());
            assertEquals("authentication level 1 is below the level 2 this request needs", stepUp.reason());
        }

        @Test
        @DisplayName("levels compare as numbers, not strings: phr (3) satisfies mfa (2)")
        void levelsCompareAsNumbers() {
            assertInstanceOf(Decision.Issue.class, given().stepUp(new StepUp(List.of("mfa"), null)).acr("phr").decide());
        }

        @Test
        @DisplayName("a numeric acr counts as its own level")
        void numericAcr() {
            assertInstanceOf(Decision.Issue.class, given().stepUp(new StepUp(List.of("mfa"), null)).acr("2").decide());
            assertInstanceOf(Decision.StepUp.class, given().stepUp(new StepUp(List.of("mfa"), null)).acr("1").decide());
        }

        @Test
        @DisplayName("an unknown or missing acr never satisfies a level, and the reason says which it was")
        void unknownAcr() {
            Decision.StepUp unknown = assertInstanceOf(Decision.StepUp.class, given().stepUp(new StepUp(List.of("mfa"), null)).acr("gold").decide());
            Decision.StepUp missing = assertInstanceOf(Decision.StepUp.class, given().stepUp(new StepUp(List.of("mfa"), null)).acr(null).decide());

            assertEquals("acr \"gold\" has no level in the ACR to LoA mapping, and this request needs authentication level 2", unknown.reason());
            assertEquals("no acr, and this request needs authentication level 2", missing.reason());
        }

        @Test
        @DisplayName("an authentication older than max age asks for step-up with max_age")
        void tooOld() {
            Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class,
                    given().stepUp(new StepUp(List.of(), 300)).authenticatedSecondsAgo(301).decide());
            assertEquals(300, stepUp.requirement().maxAgeSeconds());
            assertNull(stepUp.requirement().level());
            assertEquals(List.of(), stepUp.requirement().acrValues());
            assertInstanceOf(Decision.Issue.class, given().stepUp(new StepUp(List.of(), 300)).authenticatedSecondsAgo(300).decide());
        }

        @Test
        @DisplayName("without auth_time a max age cannot be proven, so step-up is asked")
        void noAuthTime() {
            assertInstanceOf(Decision.StepUp.class, given().stepUp(new StepUp(List.of(), 300)).noAuthTime().decide());
        }

        @Test
        @DisplayName("a sensitive scope demands step-up only when it is granted")
        void sensitiveScope() {
            Given sensitiveWrite = given().scopeStepUp("write", new StepUp(List.of("mfa"), 600));
            assertInstanceOf(Decision.Issue.class, sensitiveWrite.requestScopes("read").decide());
            Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class,
                    given().scopeStepUp("write", new StepUp(List.of("mfa"), 600)).requestScopes("read", "write").decide());
            assertEquals(600, stepUp.requirement().maxAgeSeconds());
            assertInstanceOf(Decision.Issue.class, given().scopeStepUp("write", new StepUp(List.of("mfa"), 600))
                    .connectionScopes("read").requestScopes("read", "write").decide(), "write is narrowed away first");
        }

        @Test
        @DisplayName("app and scope policies combine: the stronger level and the shorter age win")
        void strongestWins() {
            Decision.StepUp stepUp = assertInstanceOf(Decision.StepUp.class, given()
                    .stepUp(new StepUp(List.of("mfa"), 3600))
                    .scopeStepUp("write", new StepUp(List.of("phr"), 600))
                    .requestScopes("write").acr("mfa").decide());
            assertEquals(3, stepUp.requirement().level());
            assertEquals(List.of("phr"), stepUp.requirement().acrValues());
            assertEquals(600, stepUp.requirement().maxAgeSeconds());
        }

        @Test
        @DisplayName("N27: target, entitlement and scope refusals come before step-up")
        void refusalsComeFirst() {
            StepUp strict = new StepUp(List.of("phr"), 1);
            assertRefused(given().stepUp(strict).unknownAudience().decide(), Refusal.UNKNOWN_AUDIENCE, null);
            assertRefused(given().stepUp(strict).requiredGroups("/eng").decide(), Refusal.GROUP_REQUIRED, CONNECTION_ID);
            assertRefused(given().stepUp(strict).requestScopes("admin").decide(), Refusal.NO_SCOPE_ALLOWED, CONNECTION_ID);
            assertRefused(given().stepUp(strict).connectionEnabled(false).decide(), Refusal.CONNECTION_DISABLED, CONNECTION_ID);
        }

        @Test
        @DisplayName("no step-up policy: acr and auth_time do not matter")
        void noPolicy() {
            assertInstanceOf(Decision.Issue.class, given().acr(null).noAuthTime().decide());
        }
    }

    private static Given given() {
        return new Given();
    }

    /** Defaults describe a request that issues; each test changes only what it is about. */
    private static final class Given {
        private boolean clientHasConnections = true;
        private boolean appKnown = true;
        private boolean appEnabled = true;
        private List<String> appResources = List.of(FILES, CALENDAR);
        private List<String> appScopes = List.of("read", "write");
        private int appLifetime = 120;
        private boolean connectionExists = true;
        private boolean connectionEnabled = true;
        private Instant expiresAt;
        private List<String> connectionScopes = List.of("read", "write");
        private List<String> connectionResources = List.of();
        private List<String> requiredGroups = List.of();
        private Set<String> userGroups = Set.of();
        private List<String> requestResources = List.of();
        private Set<String> requestScopes;
        private Instant sessionExpiresAt = NOW.plus(Duration.ofHours(8));
        private StepUp stepUp;
        private Map<String, StepUp> scopeStepUp = Map.of();
        private String acr = "pwd";
        private Long authTime = NOW.minusSeconds(60).getEpochSecond();
        private Map<String, Integer> acrLoaMap = Map.of("pwd", 1, "mfa", 2, "phr", 3);
        private Map<String, Integer> clientAcrLoaMap = acrLoaMap;
        private ExchangeRequest.ClientFacts client = new ExchangeRequest.ClientFacts(true, false);
        private SubjectKind subjectKind = SubjectKind.ID_TOKEN;
        private boolean allowRefreshTokenSubject;
        private boolean allowOfflineTokenSubject;

        Given clientHasConnections(boolean value) { clientHasConnections = value; return this; }
        Given unknownAudience() { appKnown = false; return this; }
        Given appEnabled(boolean value) { appEnabled = value; return this; }
        Given appResources(String... values) { appResources = List.of(values); return this; }
        Given appScopes(String... values) { appScopes = List.of(values); return this; }
        Given appLifetime(int value) { appLifetime = value; return this; }
        Given noConnection() { connectionExists = false; return this; }
        Given connectionEnabled(boolean value) { connectionEnabled = value; return this; }
        Given expiresAt(Instant value) { expiresAt = value; return this; }
        Given connectionScopes(String... values) { connectionScopes = List.of(values); return this; }
        Given connectionResources(String... values) { connectionResources = List.of(values); return this; }
        Given requiredGroups(String... values) { requiredGroups = List.of(values); return this; }
        Given userGroups(String... values) { userGroups = Set.of(values); return this; }
        Given requestResources(String... values) { requestResources = List.of(values); return this; }
        Given requestScopes(String... values) { requestScopes = Set.of(values); return this; }
        Given requestScopes(Set<String> values) { requestScopes = values; return this; }
        Given sessionExpiresAt(Instant value) { sessionExpiresAt = value; return this; }
        Given stepUp(StepUp value) { stepUp = value; return this; }
        Given scopeStepUp(String scope, StepUp value) { scopeStepUp = Map.of(scope, value); return this; }
        Given acr(String value) { acr = value; return this; }
        Given authenticatedSecondsAgo(long seconds) { authTime = NOW.minusSeconds(seconds).getEpochSecond(); return this; }
        Given noAuthTime() { authTime = null; return this; }
        Given subject(SubjectKind value) { subjectKind = value; return this; }
        Given appAllows(boolean refreshTokens, boolean offlineTokens) {
            allowRefreshTokenSubject = refreshTokens;
            allowOfflineTokenSubject = offlineTokens;
            return this;
        }
        Given client(boolean confidential, boolean dynamicallyRegistered) {
            client = new ExchangeRequest.ClientFacts(confidential, dynamicallyRegistered);
            return this;
        }

        Decision decide() {
            ExchangeRequest request = new ExchangeRequest("ai-agent", "user-1", userGroups, app().audience(),
                    requestResources, requestScopes, sessionExpiresAt, subjectKind, acr, authTime, acrLoaMap, clientAcrLoaMap, client);
            return PolicyDecisionPoint.decide(request, policy(), NOW);
        }

        Optional<Refusal> checkBeforeSubjectSession() {
            return PolicyDecisionPoint.checkBeforeSubjectSession(client, subjectKind, policy());
        }

        private ResourceApp app() {
            return new ResourceApp("app-1", "Tool", "https://as.tool.example", appResources, appScopes,
                    appLifetime, false, appEnabled, stepUp, scopeStepUp, allowRefreshTokenSubject, allowOfflineTokenSubject);
        }

        private Policy policy() {
            Connection connection = new Connection(CONNECTION_ID, "ai-agent", "app-1", CLIENT_ID_AT_APP,
                    connectionScopes, connectionResources, requiredGroups, connectionEnabled, expiresAt, "test",
                    "admin", NOW.minusSeconds(86400), "admin", NOW.minusSeconds(86400));
            return new Policy(appKnown ? Optional.of(app()) : Optional.empty(),
                    connectionExists ? Optional.of(connection) : Optional.empty(), clientHasConnections, false, false);
        }
    }
}
