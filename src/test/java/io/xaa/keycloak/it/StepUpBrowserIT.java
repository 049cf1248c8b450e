package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Step-up end to end in a real browser: Keycloak's Level-of-Authentication flow with OTP, the exchange refusing
 * a weak or stale ID token with {@code insufficient_user_authentication}, and the "Cross App Access step-up"
 * authenticator asking for OTP at login when the authorization request names a sensitive resource or scope.
 * Realm {@code stepup-it} maps acr {@code pwd} to level 1 and {@code mfa} (OTP) to level 2; every user has the
 * same TOTP secret. Each test uses its own user and a fresh browser, so no SSO session or OTP code leaks between
 * tests.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StepUpBrowserIT {

    static final String REALM = "stepup-it";
    static final String OTP_SECRET = "ON2GK4DVOAWWS5BNN52HALLTMVRXEZLU";
    /** app-level step-up: acr mfa within 300 s */
    static final String SENSITIVE_AS = "https://as-sensitive.example.com";
    static final String SENSITIVE_MCP = "https://mcp-sensitive.example.com/admin";
    /** app-level step-up: acr mfa within FRESH_SECONDS */
    static final String FRESH_AS = "https://as-fresh.example.com";
    static final int FRESH_SECONDS = 8;
    /** no app-level step-up; only its scope files:write needs acr mfa */
    static final String NORMAL_AS = "https://as-normal.example.com";
    static final String NORMAL_MCP = "https://mcp-normal.example.com/files";

    Kc kc;
    Path screenshots;
    final Map<String, Totp> authenticatorApps = new LinkedHashMap<>();

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        screenshots = Path.of(KeycloakServer.testSettings().get("build.dir"), "screenshots");
        kc.createRealm("stepup-it-realm.json");

        String sensitive = kc.createResourceApp(REALM, Map.of("name", "Sensitive", "audience", SENSITIVE_AS,
                "resources", List.of(SENSITIVE_MCP), "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", List.of("mfa"), "maxAgeSeconds", 300), "allowRefreshTokenSubject", true,
                "allowOfflineTokenSubject", true));
        String fresh = kc.createResourceApp(REALM, Map.of("name", "Fresh", "audience", FRESH_AS, "scopes", List.of("read"),
                "stepUp", Map.of("acrValues", List.of("mfa"), "maxAgeSeconds", FRESH_SECONDS), "allowRefreshTokenSubject", true));
        String normal = kc.createResourceApp(REALM, Map.of("name", "Normal", "audience", NORMAL_AS,
                "resources", List.of(NORMAL_MCP), "scopes", List.of("files:read", "files:write"),
                "scopeStepUp", Map.of("files:write", Map.of("acrValues", List.of("mfa"), "maxAgeSeconds", 300))));
        Map.of(sensitive, List.of("read"), fresh, List.of("read"), normal, List.of("files:read", "files:write")).forEach((app, scopes) ->
                kc.createConnection(REALM, Map.of("clientId", "agent", "resourceAppId", app, "clientIdAtResourceApp", "agent-at-app",
                        "scopes", scopes)));
        offerClientScope("files:write");
    }

    /** Keycloak refuses a scope parameter naming no client scope of the client, so files:write must be one. */
    private void offerClientScope(String name) {
        Kc.Response created = kc.admin("POST", "/" + REALM + "/client-scopes", Map.of("name", name, "protocol", "openid-connect"));
        assertEquals(201, created.status(), created.toString());
        String scopeId = created.createdId();
        String clientId = kc.admin("GET", "/" + REALM + "/clients?clientId=agent", null).json().get(0).get("id").asText();
        Kc.Response assigned = kc.admin("PUT", "/" + REALM + "/clients/" + clientId + "/optional-client-scopes/" + scopeId, null);
        assertEquals(204, assigned.status(), assigned.toString());
    }

    // ---- the scenarios

    @Test
    void aPasswordLoginIsRefusedForTheSensitiveAppUntilTheUserStepsUpWithOtp() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens weak = login(browser, "alice", Map.of(), false);
            assertEquals("pwd", weak.acr());

            Kc.Response refused = exchange(weak.idToken(), SENSITIVE_AS, Map.of("resource", SENSITIVE_MCP));
            assertInsufficient(refused, 300);
            assertInsufficient(exchangeRefreshToken(weak.refreshToken(), SENSITIVE_AS), 300);

            browser.open(authorizationUrl(Map.of("acr_values", "mfa")));
            assertEquals(LoginBrowser.Page.OTP, browser.page(), "over the SSO session only the second factor is asked: " + browser.describe());
            browser.screenshot(screenshots, "step-up-otp-form");
            browser.otp(totp("alice").unused());
            Tokens strong = tokens(browser);
            assertEquals("mfa", strong.acr());
            assertEquals(weak.claims().getStringClaim("sid"), strong.claims().getStringClaim("sid"), "the same SSO session, stepped up");

            Kc.Response issued = exchange(strong.idToken(), SENSITIVE_AS, Map.of("resource", SENSITIVE_MCP));
            assertEquals(200, issued.status(), issued.toString());
            JWTClaimsSet idJag = kc.verifiedIdJag(REALM, issued);
            assertEquals("mfa", idJag.getStringClaim("acr"));
            assertEquals(strong.authTime(), idJag.getLongClaim("auth_time"));

            // The refresh token of the stepped-up login: acr and auth_time come from its session, as in a fresh ID token.
            Kc.Response fromRefreshToken = exchangeRefreshToken(strong.refreshToken(), SENSITIVE_AS);
            assertEquals(200, fromRefreshToken.status(), fromRefreshToken.toString());
            JWTClaimsSet refreshed = kc.verifiedIdJag(REALM, fromRefreshToken);
            assertEquals("mfa", refreshed.getStringClaim("acr"));
            assertEquals(strong.authTime(), refreshed.getLongClaim("auth_time"));
        }
    }

    /** An offline session keeps the login it was made from: its token carries that login's acr and auth_time. */
    @Test
    void anOfflineTokenCarriesTheLevelAndTimeOfItsLogin() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens strong = login(browser, "henry", Map.of("acr_values", "mfa", "scope", "openid offline_access"), true);
            assertEquals("Offline", Kc.claims(strong.refreshToken()).get("typ").asText());
            Kc.Response issued = exchangeRefreshToken(strong.refreshToken(), SENSITIVE_AS);
            assertEquals(200, issued.status(), issued.toString());
            JWTClaimsSet idJag = kc.verifiedIdJag(REALM, issued);
            assertEquals("mfa", idJag.getStringClaim("acr"));
            assertEquals(strong.authTime(), idJag.getLongClaim("auth_time"));
            assertEquals(strong.claims().getSubject(), idJag.getSubject());
        }
    }

    @Test
    void anAuthenticationOlderThanTheMaxAgeMustBeRenewed() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens first = login(browser, "carol", Map.of("acr_values", "mfa"), true);
            assertEquals("mfa", first.acr());
            assertEquals(200, exchange(first.idToken(), FRESH_AS, Map.of()).status(), "fresh enough right after the login");

            assertEquals(200, exchangeRefreshToken(first.refreshToken(), FRESH_AS).status());

            sleepUntil(first.authTime() + FRESH_SECONDS + 1);
            Kc.Response stale = exchange(first.idToken(), FRESH_AS, Map.of());
            assertInsufficient(stale, FRESH_SECONDS);
            // max_age counts from the session's login: a refresh token, even a just-refreshed one, does not renew it.
            assertInsufficient(exchangeRefreshToken(first.refreshToken(), FRESH_AS), FRESH_SECONDS);
            Kc.Response refreshed = kc.token(REALM, "agent", "agent-secret", Map.of("grant_type", "refresh_token",
                    "refresh_token", first.refreshToken()));
            assertEquals(200, refreshed.status(), refreshed.toString());
            assertInsufficient(exchangeRefreshToken(refreshed.json().get("refresh_token").asText(), FRESH_AS), FRESH_SECONDS);
            assertEquals(200, exchange(first.idToken(), SENSITIVE_AS, Map.of()).status(), "an app allowing 300 s still accepts it");

            // What the error tells the client to do: acr_values and max_age; Keycloak then asks for both factors again.
            browser.open(authorizationUrl(Map.of("acr_values", "mfa", "max_age", String.valueOf(FRESH_SECONDS))));
            assertEquals(LoginBrowser.Page.PASSWORD, browser.page(), browser.describe());
            browser.password("carol", "carol");
            assertEquals(LoginBrowser.Page.OTP, browser.page(), browser.describe());
            browser.otp(totp("carol").unused());
            Tokens renewed = tokens(browser);
            assertTrue(renewed.authTime() > first.authTime(), "auth_time is renewed");
            Kc.Response issued = exchange(renewed.idToken(), FRESH_AS, Map.of());
            assertEquals(200, issued.status(), issued.toString());
            assertEquals(renewed.authTime(), kc.verifiedIdJag(REALM, issued).getLongClaim("auth_time"));
        }
    }

    @Test
    void aNormalAppIsUnaffectedAndItsSensitiveScopeNeedsStepUpOnlyWhenRequested() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens weak = login(browser, "dave", Map.of(), false);
            assertEquals("pwd", weak.acr());

            Kc.Response read = exchange(weak.idToken(), NORMAL_AS, Map.of("resource", NORMAL_MCP, "scope", "files:read"));
            assertEquals(200, read.status(), read.toString());
            assertEquals("pwd", kc.verifiedIdJag(REALM, read).getStringClaim("acr"));

            Kc.Response write = exchange(weak.idToken(), NORMAL_AS, Map.of("resource", NORMAL_MCP, "scope", "files:read files:write"));
            assertInsufficient(write, 300);
        }
    }

    @Test
    void aSensitiveResourceInTheAuthorizationRequestAsksForOtpAtOnce() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens strong = login(browser, "erin", Map.of("resource", SENSITIVE_MCP), true);
            assertEquals("mfa", strong.acr(), "no acr_values were sent: the authenticator raised the level");

            Kc.Response issued = exchange(strong.idToken(), SENSITIVE_AS, Map.of("resource", SENSITIVE_MCP));
            assertEquals(200, issued.status(), issued.toString());
            assertEquals("mfa", kc.verifiedIdJag(REALM, issued).getStringClaim("acr"));
        }
    }

    @Test
    void aSensitiveResourceStepsUpAnSsoSessionAtLevelOne() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens weak = login(browser, "frank", Map.of("resource", NORMAL_MCP), false);
            assertEquals("pwd", weak.acr(), "a resource without step-up changes nothing");

            browser.open(authorizationUrl(Map.of("resource", SENSITIVE_MCP)));
            assertEquals(LoginBrowser.Page.OTP, browser.page(), "the SSO cookie is not enough: " + browser.describe());
            browser.screenshot(screenshots, "sensitive-resource-otp-form");
            browser.otp(totp("frank").unused());
            Tokens strong = tokens(browser);
            assertEquals("mfa", strong.acr());
            assertEquals(weak.claims().getStringClaim("sid"), strong.claims().getStringClaim("sid"));
            assertEquals(200, exchange(strong.idToken(), SENSITIVE_AS, Map.of()).status());
        }
    }

    @Test
    void aSensitiveScopeInTheAuthorizationRequestAsksForOtp() throws Exception {
        try (LoginBrowser browser = LoginBrowser.start()) {
            Tokens strong = login(browser, "grace", Map.of("scope", "openid files:write"), true);
            assertEquals("mfa", strong.acr());
            Kc.Response issued = exchange(strong.idToken(), NORMAL_AS, Map.of("scope", "files:write"));
            assertEquals(200, issued.status(), issued.toString());
        }
    }

    /** The README's step-up walkthrough on the demo realm, with the OTP secret the README gives for alice. */
    @Test
    void theDemoAsksAliceForOtpAndThenGrantsFilesWrite() throws Exception {
        Kc.Response imported = DemoConfiguration.importInto(kc, Path.of(KeycloakServer.testSettings().get("realm.dir")));
        assertEquals(200, imported.status(), imported.toString());
        try (LoginBrowser browser = LoginBrowser.start()) {
            String state = UUID.randomUUID().toString();
            browser.open(kc.issuer("acme") + "/protocol/openid-connect/auth?" + form(Map.of("client_id", "ai-agent",
                    "response_type", "code", "scope", "openid", "redirect_uri", LoginBrowser.CALLBACK, "state", state,
                    "acr_values", "mfa")));
            assertEquals(LoginBrowser.Page.PASSWORD, browser.page(), browser.describe());
            browser.password("alice", "alice");
            assertEquals(LoginBrowser.Page.OTP, browser.page(), browser.describe());
            browser.screenshot(screenshots, "acme-otp-form");
            browser.otp(new Totp("MFRW2ZJNMRSW23ZNN52HALLTMVRXEZLU").unused());
            assertEquals(LoginBrowser.Page.CALLBACK, browser.page(), browser.describe());
            Map<String, String> callback = browser.callback();
            assertEquals(state, callback.get("state"));
            Kc.Response token = kc.token("acme", "ai-agent", "ai-agent-secret", Map.of("grant_type", "authorization_code",
                    "code", callback.get("code"), "redirect_uri", LoginBrowser.CALLBACK));
            assertEquals(200, token.status(), token.toString());
            String idToken = token.json().get("id_token").asText();
            assertEquals("mfa", SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("acr"));

            Map<String, String> form = Kc.idJagRequest(idToken, kc.issuer("tools"));
            form.put("scope", "files:read files:write");
            Kc.Response issued = kc.token("acme", "ai-agent", "ai-agent-secret", form);
            assertEquals(200, issued.status(), issued.toString());
            assertEquals("files:read files:write", SignedJWT.parse(issued.json().get("access_token").asText())
                    .getJWTClaimsSet().getStringClaim("scope"));
        }
    }

    @Test
    void totpCodesFollowRfc6238() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which an authenticator app shows the last 6 digits.
        assertEquals("287082", new Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").code(59 / 30));
        assertEquals("081804", new Totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").code(1111111109L / 30));
    }

    // ---- helpers

    record Tokens(String idToken, String refreshToken, JWTClaimsSet claims) {
        String acr() {
            return (String) claims.getClaim("acr");
        }

        long authTime() throws ParseException {
            Long authTime = claims.getLongClaim("auth_time");
            assertNotNull(authTime, "a browser login's ID token has auth_time");
            return authTime;
        }
    }

    /** A login in a browser without an SSO session: password, then OTP when {@code expectOtp}. */
    private Tokens login(LoginBrowser browser, String user, Map<String, String> parameters, boolean expectOtp) throws Exception {
        browser.open(authorizationUrl(parameters));
        assertEquals(LoginBrowser.Page.PASSWORD, browser.page(), browser.describe());
        browser.password(user, user);
        if (expectOtp) {
            assertEquals(LoginBrowser.Page.OTP, browser.page(), browser.describe());
            browser.otp(totp(user).unused());
        }
        return tokens(browser);
    }

    /** Redeems the code the browser was sent back with; the state must be the one sent. */
    private Tokens tokens(LoginBrowser browser) throws Exception {
        assertEquals(LoginBrowser.Page.CALLBACK, browser.page(), browser.describe());
        Map<String, String> callback = browser.callback();
        assertNotNull(callback.get("code"), "no code in the callback: " + browser.describe());
        Kc.Response token = kc.token(REALM, "agent", "agent-secret", Map.of("grant_type", "authorization_code",
                "code", callback.get("code"), "redirect_uri", LoginBrowser.CALLBACK));
        assertEquals(200, token.status(), token.toString());
        String idToken = token.json().get("id_token").asText();
        return new Tokens(idToken, token.json().get("refresh_token").asText(), SignedJWT.parse(idToken).getJWTClaimsSet());
    }

    private String authorizationUrl(Map<String, String> parameters) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("client_id", "agent", "response_type", "code",
                "scope", "openid", "redirect_uri", LoginBrowser.CALLBACK, "state", UUID.randomUUID().toString()));
        query.putAll(parameters);
        return kc.issuer(REALM) + "/protocol/openid-connect/auth?" + form(query);
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Totp totp(String user) {
        return authenticatorApps.computeIfAbsent(user, u -> new Totp(OTP_SECRET));
    }

    private Kc.Response exchange(String idToken, String audience, Map<String, String> extra) {
        Map<String, String> form = Kc.idJagRequest(idToken, audience);
        form.putAll(extra);
        return kc.token(REALM, "agent", "agent-secret", form);
    }

    private Kc.Response exchangeRefreshToken(String refreshToken, String audience) {
        return kc.token(REALM, "agent", "agent-secret", Kc.idJagRequestForRefreshToken(refreshToken, audience));
    }

    private static void assertInsufficient(Kc.Response response, int maxAge) {
        assertEquals(400, response.status(), response.toString());
        JsonNode body = response.json();
        assertEquals("insufficient_user_authentication", body.get("error").asText(), response.toString());
        assertEquals("mfa", body.get("acr_values").asText());
        assertEquals(maxAge, body.get("max_age").asInt());
        assertFalse(response.body().contains("access_token"));
    }

    private static void sleepUntil(long epochSecond) throws InterruptedException {
        long millis = epochSecond * 1000 - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
