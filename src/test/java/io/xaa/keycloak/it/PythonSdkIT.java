package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The official MCP Python SDK (mcp {@value McpPythonSdk#VERSION}, in a venv under the build directory) against the demo
 * realms: its {@code IdentityAssertionOAuthProvider}'s assertion callback gets an ID-JAG from our exchange at acme, once
 * with alice's ID token and once with her refresh token as the subject; the SDK redeems it at tools (RFC 8414
 * metadata, jwt-bearer) and calls {@code whoami} on an MCP server built with the same SDK that lets in only tools'
 * access tokens (src/test/python).
 */
@ExtendWith(KeycloakExtension.class)
class PythonSdkIT {

    static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";

    static Kc kc;
    static Path build;
    static int port;
    static McpPythonSdk sdk;
    static String mcpUrl;
    static Process server;
    static Path serverLog;
    /** The demo's tools app as it was, put back afterwards: the other classes of the run share this acme. */
    static JsonNode toolsApp;
    /** The tools realm's client profiles as they were, put back afterwards. */
    static JsonNode toolsProfiles;
    static long started;

    @BeforeAll
    static void setUp(Kc kc) throws Exception {
        started = System.nanoTime();
        PythonSdkIT.kc = kc;
        Map<String, String> settings = KeycloakServer.testSettings();
        build = Path.of(settings.get("build.dir"));
        // Clear of the ports the run's other servers take: management +10, ErrorDescriptionIT +50, AuditIT +200.
        port = Integer.parseInt(settings.get("kc.port")) + 40;
        mcpUrl = "http://localhost:" + port + "/mcp";

        long venvStarted = System.nanoTime();
        sdk = McpPythonSdk.at(build.resolve("py-venv"), Path.of(System.getProperty("python.dir")));
        System.out.printf("PythonSdkIT: venv with mcp %s ready in %d ms%n", McpPythonSdk.VERSION, millisSince(venvStarted));

        assertEquals(200, DemoConfiguration.importInto(kc, Path.of(settings.get("realm.dir"))).status());
        governMcpServer();
        serverLog = build.resolve("py-mcp-server.log");
        server = sdk.start("whoami_server.py", serverLog, String.valueOf(port), kc.issuer("tools"));
        awaitServer();
    }

    /**
     * The tools app must govern the MCP server's URL (the SDK sends it as {@code resource}) and accept refresh-token
     * subjects; the demo connection lists no resources, which means all of its app's, so it needs no change. The tools
     * realm's ID-JAG redemption must serve the URL too: it becomes the audience of tools' access token.
     */
    static void governMcpServer() {
        Kc.Response apps = kc.admin("GET", "/acme/cross-app-access/resource-apps?search="
                + URLEncoder.encode(kc.issuer("tools"), StandardCharsets.UTF_8), null);
        assertEquals(200, apps.status(), apps.toString());
        assertEquals(1, apps.json().size(), apps.toString());
        toolsApp = apps.json().get(0);
        ObjectNode governing = toolsApp.deepCopy();
        ((ArrayNode) governing.get("resources")).add(mcpUrl);
        governing.put("allowRefreshTokenSubject", true);
        Kc.Response updated = kc.admin("PUT", "/acme/cross-app-access/resource-apps/" + toolsApp.get("id").asText(), governing.toString());
        assertEquals(200, updated.status(), updated.toString());

        Kc.Response profiles = kc.admin("GET", "/tools/client-policies/profiles", null);
        assertEquals(200, profiles.status(), profiles.toString());
        toolsProfiles = profiles.json();
        ObjectNode serving = toolsProfiles.deepCopy();
        ((ArrayNode) serving.at("/profiles/0/executors/0/configuration/resources")).add(mcpUrl);
        assertEquals(204, kc.admin("PUT", "/tools/client-policies/profiles", serving.toString()).status());
    }

    /** Until the SDK's protected resource metadata answers (it names tools as the authorization server). */
    static void awaitServer() throws InterruptedException {
        String metadata = "http://localhost:" + port + "/.well-known/oauth-protected-resource/mcp";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("the MCP server exited with " + server.exitValue() + "; see " + serverLog);
            }
            try {
                Kc.Response answer = kc.get(metadata);
                if (answer.status() == 200) {
                    assertEquals(kc.issuer("tools"), answer.json().path("authorization_servers").path(0).asText(), answer.toString());
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        fail("the MCP server did not answer within 30 s; see " + serverLog);
    }

    @AfterAll
    static void tearDown() {
        try {
            if (server != null) {
                OwnProcess.stop(server);
            }
        } finally {
            if (toolsApp != null) {
                Kc.Response restored = kc.admin("PUT", "/acme/cross-app-access/resource-apps/" + toolsApp.get("id").asText(), toolsApp.toString());
                assertEquals(200, restored.status(), restored.toString());
            }
            if (toolsProfiles != null) {
                assertEquals(204, kc.admin("PUT", "/tools/client-policies/profiles", toolsProfiles.toString()).status());
            }
            System.out.printf("PythonSdkIT: %d ms from @BeforeAll to @AfterAll%n", millisSince(started));
        }
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    static JsonNode aliceLogin() {
        Kc.Response login = kc.password("acme", "ai-agent", "ai-agent-secret", "alice", "alice", "openid");
        assertEquals(200, login.status(), login.toString());
        return login.json();
    }

    /** Runs the SDK client once with this subject token; its JSON report. */
    static JsonNode sdkClient(String subjectToken, String subjectTokenType) throws Exception {
        String input = Kc.JSON.writeValueAsString(Map.of(
                "mcpUrl", mcpUrl,
                "toolsIssuer", kc.issuer("tools"),
                "acmeTokenEndpoint", kc.tokenEndpoint("acme"),
                "agentClientId", "ai-agent", "agentSecret", "ai-agent-secret",
                "toolsClientId", "ai-agent-at-tools", "toolsSecret", "ai-agent-at-tools-secret",
                // The demo connection's other scopes include files:write, which needs a second factor.
                "scope", "files:read",
                "subjectToken", subjectToken,
                "subjectTokenType", subjectTokenType));
        String kind = subjectTokenType.substring(subjectTokenType.lastIndexOf(':') + 1);
        return Kc.JSON.readTree(sdk.call("id_jag_client.py", input, Duration.ofSeconds(60), build.resolve("py-mcp-client-" + kind + ".json")));
    }

    /** The tool answered alice, the callback ran once with tools' issuer and the server's URL, acme audited that ID-JAG. */
    static JsonNode assertAliceCalledTheTool(JsonNode report, String subjectTokenType) {
        assertEquals(List.of("alice"), Kc.JSON.convertValue(report.get("tool"), List.class), report.toString());
        assertFalse(report.get("toolError").asBoolean(), report.toString());
        assertEquals(subjectTokenType, report.get("subjectTokenType").asText());
        JsonNode callbacks = report.get("callbacks");
        assertEquals(1, callbacks.size(), "the assertion callback ran once: " + report);
        assertEquals(kc.issuer("tools"), callbacks.get(0).get("audience").asText());
        assertEquals(mcpUrl, callbacks.get(0).get("resource").asText());

        String jti = callbacks.get(0).get("jti").asText();
        Kc.Response audit = kc.admin("GET", "/acme/cross-app-access/audit?jti=" + jti, null);
        assertEquals(200, audit.status(), audit.toString());
        assertEquals(1, audit.json().size(), "one audit record for the ID-JAG " + jti + ": " + audit);
        JsonNode record = audit.json().get(0);
        assertEquals("ID_JAG_ISSUED", record.get("type").asText());
        assertEquals("ai-agent", record.get("clientId").asText());
        assertEquals(DemoFlowIT.ALICE_ID, record.get("userId").asText());
        assertEquals(kc.issuer("tools"), record.get("audience").asText());
        assertEquals(mcpUrl, record.get("resource").asText());
        assertEquals("files:read", record.get("scopeGranted").asText());
        return record;
    }

    @Test
    void anIdTokenSubjectTakesTheSdkToTheTool() throws Exception {
        JsonNode record = assertAliceCalledTheTool(sdkClient(aliceLogin().get("id_token").asText(), Kc.ID_TOKEN), Kc.ID_TOKEN);
        assertEquals("id_token", record.get("subjectKind").asText(), record.toString());
    }

    @Test
    void aRefreshTokenSubjectTakesTheSdkToTheTool() throws Exception {
        JsonNode record = assertAliceCalledTheTool(sdkClient(aliceLogin().get("refresh_token").asText(), REFRESH_TOKEN), REFRESH_TOKEN);
        assertEquals("refresh_token", record.get("subjectKind").asText(), record.toString());
    }

    /** acme's own access token for alice is no tools token: the SDK server answers 401 and whoami never runs. */
    @Test
    void anAcmeAccessTokenSentStraightToTheMcpServerIsRefused() throws Exception {
        String acmeAccessToken = aliceLogin().get("access_token").asText();
        List<String> before = Files.readAllLines(serverLog);
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(mcpUrl))
                        .header("Authorization", "Bearer " + acmeAccessToken)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""), answer.headers().toString());
        // The verifier prints its refusal before the SDK answers, so the line is in the log by now.
        List<String> lines = Files.readAllLines(serverLog);
        List<String> after = lines.subList(before.size(), lines.size());
        assertTrue(after.stream().anyMatch(line -> line.startsWith("refused: ")), "the token verifier refused it: " + after);
        assertFalse(after.stream().anyMatch(line -> line.startsWith("whoami: ")), "the tool did not run: " + after);
    }

    @Test
    void theMcpServerListensOnTheLoopbackOnly() throws IOException, InterruptedException {
        LoopbackSockets.assertOnLoopback(List.of(server.pid()));
    }
}
