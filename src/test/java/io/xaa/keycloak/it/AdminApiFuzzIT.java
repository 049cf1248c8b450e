package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes every endpoint under {@code /admin/realms/{realm}/cross-app-access} with malformed JSON bodies (truncated,
 * wrong types, huge strings, deep nesting, unicode, nulls, arrays for objects), bad ids in paths and bad query
 * parameters. Asserted: no 5xx, and a JSON error body on every 4xx. The realm's configuration is put back by an
 * import of its export afterwards. {@code -Dfuzz.seed}, {@code -Dfuzz.admin.requests} (default 2,000) and
 * {@code -Dfuzz.seconds} steer it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiFuzzIT {

    static final String REALM = "xaa-fuzz-admin";
    static final String BASE = "/" + REALM + "/cross-app-access/";
    static final String AUDIENCE = "https://as-fuzz-admin.example.com";
    static final List<String> QUERY_VALUES = List.of("-1", "0", "1", "1000", "1001", "2147483647", "2147483648", "-2147483649",
            "99999999999999999999", "abc", "1.5", "", " ", "true", "null", "%", "*", "%25", "_", "\\", "'", "\"", "' OR 1=1 --",
            "\u202e\ud83d\ude00", "e\u0301", "\u0000", "a".repeat(5000), "2027-01-31T18:00:00Z", "2027-13-45T99:00:00Z",
            "ISSUED", "REFUSED", "EXCHANGE", "merge", "replace", "MERGE");
    static final List<String> QUERY_NAMES = List.of("first", "max", "search", "enabled", "clientId", "resourceAppId", "from", "to",
            "userId", "outcome", "type", "jti", "mode", "unknown");
    static final List<String> BAD_IDS = List.of("00000000-0000-4000-8000-000000000000", "x", "null", "-1", "%", "\u202e\ud83d\ude00",
            "a".repeat(5000), "' OR '1'='1", "\u0000", " ", "id;x", "id?x=1");

    Kc kc;
    HttpClient http;
    String appId;
    String connectionId;
    String baseline;

    @BeforeAll
    void createRealmAndPolicy(Kc kc) {
        this.kc = kc;
        FuzzCampaign.requireLoopback(kc.baseUrl());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        kc.createRealm("fuzz-admin-it-realm.json");
        appId = kc.createResourceApp(REALM, Map.of("name", "Fuzz admin AS", "audience", AUDIENCE,
                "resources", List.of(AUDIENCE + "/mcp"), "scopes", List.of("read", "write")));
        connectionId = kc.createConnection(REALM, Map.of("clientId", "fuzz-admin-agent", "resourceAppId", appId,
                "clientIdAtResourceApp", "agent-at-as", "scopes", List.of("read")));
        Kc.Response export = kc.admin("GET", BASE + "export", null);
        assertEquals(200, export.status(), export.toString());
        baseline = export.body();
    }

    /** Puts the configuration back as it was before the fuzz: the import replaces whatever the fuzz created or changed. */
    @AfterAll
    void restoreConfiguration() {
        Kc.Response restored = kc.admin("POST", BASE + "import?mode=replace", baseline);
        assertEquals(200, restored.status(), restored.toString());
        assertEquals(shape(baseline), shape(kc.admin("GET", BASE + "export", null).body()));
    }

    @Test
    void malformedBodiesIdsAndQueriesNeverYield5xxOrANonJsonError() throws Exception {
        FuzzCampaign campaign = FuzzCampaign.configured("admin-api", "fuzz.admin.requests", 2_000, Duration.ofMinutes(3));
        int done = campaign.run((index, random) -> probe(campaign, random));
        String summary = "admin-api fuzz: seed=" + campaign.seed + " requests=" + done + " 2xx=" + campaign.tally("2xx")
                + " 4xx=" + campaign.tally("4xx") + " 5xx=" + campaign.tally("5xx") + " malformed-errors=" + campaign.tally("malformed-error")
                + " transport-errors=" + campaign.tally("transport-error") + " exceptions=" + campaign.tally("exception")
                + " seconds=" + campaign.seconds();
        System.out.println(summary);
        String report = summary + "\n" + campaign.report();
        assertTrue(done >= campaign.requests, "only " + done + " of " + campaign.requests + " requests within " + campaign.bound + "\n" + report);
        for (String failure : List.of("5xx", "malformed-error", "transport-error", "exception")) {
            assertEquals(0, campaign.tally(failure), failure + "\n" + report);
        }
    }

    private record Call(String method, String path, byte[] body, String mutation) {
    }

    private void probe(FuzzCampaign campaign, Random random) {
        Call call = call(random);
        HttpResponse<String> response;
        try {
            response = send(call);
        } catch (IOException e) {
            campaign.fail("transport-error", call.mutation(), e.toString());
            return;
        }
        int status = response.statusCode();
        if (status >= 500) {
            campaign.fail("5xx", call.mutation(), status + " " + FuzzCampaign.abbreviate(response.body()));
        } else if (status >= 400) {
            campaign.count("4xx");
            String malformed = malformedError(response);
            if (malformed != null) {
                campaign.fail("malformed-error", call.mutation(), status + " " + malformed);
            }
        } else {
            campaign.count("2xx");
        }
    }

    private Call call(Random random) {
        return switch (random.nextInt(18)) {
            case 0 -> query("GET", "resource-apps", List.of("first", "max", "search", "enabled"), random);
            case 1 -> query("GET", "resource-apps/count", List.of("search", "enabled"), random);
            case 2 -> new Call("GET", "resource-apps/" + id(appId, random), null, "GET resource-apps/{bad id}");
            case 3 -> body("POST", "resource-apps", resourceApp(), random);
            case 4 -> body("PUT", "resource-apps/" + id(appId, random), resourceApp(), random);
            case 5 -> new Call("DELETE", "resource-apps/" + badId(random), null, "DELETE resource-apps/{bad id}");
            case 6 -> query("GET", "connections", List.of("first", "max", "search", "clientId", "resourceAppId", "enabled"), random);
            case 7 -> query("GET", "connections/count", List.of("search", "clientId", "resourceAppId", "enabled"), random);
            case 8 -> new Call("GET", "connections/" + id(connectionId, random), null, "GET connections/{bad id}");
            case 9 -> body("POST", "connections", connection(), random);
            case 10 -> body("PUT", "connections/" + id(connectionId, random), connection(), random);
            case 11 -> new Call("DELETE", "connections/" + badId(random), null, "DELETE connections/{bad id}");
            case 12, 13 -> body("POST", "evaluate", evaluation(), random);
            case 14 -> body("POST", "import" + (random.nextBoolean() ? "" : "?mode=" + encode(pick(QUERY_VALUES, random))),
                    document(), random);
            case 15 -> query("GET", "audit", List.of("from", "to", "clientId", "userId", "resourceAppId", "outcome", "type", "jti",
                    "first", "max"), random);
            case 16 -> query("GET", "audit/count", List.of("from", "to", "clientId", "outcome", "type", "jti"), random);
            default -> query("GET", random.nextBoolean() ? "audit/export" : "export", List.of("from", "outcome", "type"), random);
        };
    }

    // ---- valid bodies, to mutate

    private static ObjectNode resourceApp() {
        ObjectNode app = JsonNodeFactory.instance.objectNode().put("name", "Fuzz app").put("audience", "https://as-fuzz-new.example.com")
                .put("idJagLifetimeSeconds", 120).put("includeEmail", false).put("enabled", true);
        app.putArray("resources").add("https://as-fuzz-new.example.com/mcp");
        app.putArray("scopes").add("read").add("write");
        app.putObject("stepUp").put("maxAgeSeconds", 300).putArray("acrValues").add("2");
        app.putObject("scopeStepUp").putObject("write").putArray("acrValues").add("2");
        return app;
    }

    private ObjectNode connection() {
        ObjectNode connection = JsonNodeFactory.instance.objectNode().put("clientId", "fuzz-admin-other").put("resourceAppId", appId)
                .put("clientIdAtResourceApp", "other-at-as").put("enabled", true).put("expiresAt", "2099-01-31T18:00:00Z")
                .put("description", "fuzz");
        connection.putArray("scopes").add("read");
        connection.putArray("resources").add(AUDIENCE + "/mcp");
        connection.putArray("requiredGroups");
        return connection;
    }

    private static ObjectNode evaluation() {
        ObjectNode evaluation = JsonNodeFactory.instance.objectNode().put("clientId", "fuzz-admin-agent").put("username", "alice")
                .put("audience", AUDIENCE).put("acr", "1").put("authAgeSeconds", 10);
        evaluation.putArray("scopes").add("read");
        evaluation.putArray("resources").add(AUDIENCE + "/mcp");
        return evaluation;
    }

    private ObjectNode document() {
        try {
            return (ObjectNode) Kc.JSON.readTree(baseline);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- mutations

    private Call query(String method, String path, List<String> names, Random random) {
        StringBuilder query = new StringBuilder();
        List<String> mutation = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(5) == 0 ? pick(QUERY_NAMES, random) : pick(names, random);
            String value = pick(QUERY_VALUES, random);
            query.append(i == 0 ? "?" : "&").append(encode(name)).append('=').append(encode(value));
            mutation.add(name + "=" + label(value));
        }
        return new Call(method, path + query, null, method + " " + path + "?" + String.join("&", mutation));
    }

    private Call body(String method, String path, ObjectNode valid, Random random) {
        String template = path.replaceAll("/[^/?]+$", "/{id}").replaceAll("\\?.*", "");
        String op;
        String text;
        switch (random.nextInt(16)) {
            case 0 -> {
                String field = field(valid, random);
                valid.remove(field);
                op = "drop " + field;
                text = valid.toString();
            }
            case 1 -> {
                String field = field(valid, random);
                valid.putNull(field);
                op = "null " + field;
                text = valid.toString();
            }
            case 2, 3 -> {
                String field = field(valid, random);
                JsonNode wrong = wrongType(random);
                valid.set(field, wrong);
                op = "wrong type " + field + "=" + wrong.getNodeType();
                text = valid.toString();
            }
            case 4 -> {
                String field = field(valid, random);
                int size = random.nextBoolean() ? 65_536 : 300_000;
                valid.put(field, "x".repeat(size));
                op = "huge string " + field + " " + size;
                text = valid.toString();
            }
            case 5 -> {
                String field = field(valid, random);
                valid.put(field, "\u202e\ud83d\ude00e\u0301\u0000\ufeff" + valid.path(field).asText());
                op = "unicode " + field;
                text = valid.toString();
            }
            case 6 -> {
                int depth = random.nextBoolean() ? 500 : 5_000;
                String field = field(valid, random);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                op = "deep nesting " + field + " " + depth;
                text = valid.toString().replaceFirst("\\{", "{\"" + field + "\":" + nested + ",");
            }
            case 7 -> {
                String whole = valid.toString();
                int at = random.nextInt(whole.length());
                op = "truncated";
                text = whole.substring(0, at);
            }
            case 8 -> {
                String[] tops = {"null", "[]", "[" + valid + "]", "\"text\"", "42", "true", "", " ", "{}", "{\"unknown\":1}", "\ufeff" + valid};
                int which = random.nextInt(tops.length);
                op = "top-level #" + which;
                text = tops[which];
            }
            case 9 -> {
                op = "duplicate key";
                text = valid.toString().replaceFirst("\\{", "{\"clientId\":\"fuzz-admin-agent\",\"audience\":1,");
            }
            case 10 -> {
                String field = field(valid, random);
                ArrayNode list = valid.putArray(field);
                list.addNull().add("x");
                op = "list with null " + field;
                text = valid.toString();
            }
            case 11 -> {
                String field = field(valid, random);
                String[] numbers = {"1e400", "99999999999999999999", "-1", "-2147483649", "0.5", "NaN", "-0"};
                String number = numbers[random.nextInt(numbers.length)];
                op = "number " + field + "=" + number;
                valid.remove(field);
                text = valid.toString().replaceFirst("\\{", "{\"" + field + "\":" + number + (valid.isEmpty() ? "" : ","));
            }
            case 12 -> {
                String field = field(valid, random);
                ArrayNode list = valid.putArray(field);
                for (int i = 0; i < 10_000; i++) {
                    list.add("item-" + i);
                }
                op = "huge list " + field;
                text = valid.toString();
            }
            case 13 -> {
                op = "trailing garbage";
                text = valid + "}{,";
            }
            case 14 -> {
                op = "invalid UTF-8";
                byte[] bytes = valid.toString().getBytes(StandardCharsets.UTF_8);
                byte[] broken = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, broken, 0, 2);
                broken[2] = (byte) 0xC3;
                broken[3] = (byte) 0x28;
                System.arraycopy(bytes, 2, broken, 4, bytes.length - 2);
                return new Call(method, path, broken, method + " " + template + " " + op);
            }
            default -> {
                op = "valid";
                text = valid.toString();
            }
        }
        return new Call(method, path, text.getBytes(StandardCharsets.UTF_8), method + " " + template + " " + op);
    }

    private static String field(ObjectNode node, Random random) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        names.add("unknownField");
        return names.get(random.nextInt(names.size()));
    }

    private static JsonNode wrongType(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(7)) {
            case 0 -> f.numberNode(42);
            case 1 -> f.booleanNode(true);
            case 2 -> f.arrayNode().add("a").add(1);
            case 3 -> f.objectNode().put("nested", "x");
            case 4 -> f.textNode("text");
            case 5 -> f.numberNode(new BigInteger("123456789012345678901234567890"));
            default -> f.arrayNode().add(f.arrayNode().add(f.objectNode()));
        };
    }

    private static String id(String valid, Random random) {
        return random.nextInt(3) == 0 ? valid : badId(random);
    }

    private static String badId(Random random) {
        return encode(pick(BAD_IDS, random)).replace("+", "%20");
    }

    // ---- oracle and transport

    /** Null when the 4xx has a JSON object body with a message; else what is wrong with it. */
    private static String malformedError(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return "Content-Type '" + type + "': " + FuzzCampaign.abbreviate(response.body());
        }
        try {
            JsonNode body = Kc.JSON.readTree(response.body());
            if (body == null || !body.isObject() || !(body.path("errorMessage").isTextual() || body.path("error").isTextual())) {
                return "error body " + FuzzCampaign.abbreviate(response.body());
            }
            return null;
        } catch (IOException e) {
            return "not JSON: " + FuzzCampaign.abbreviate(response.body());
        }
    }

    private HttpResponse<String> send(Call call) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kc.baseUrl() + "/admin/realms" + BASE + call.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + kc.adminToken())
                .header("Content-Type", "application/json")
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** What the configuration holds, without ids and timestamps: audiences, and client → audience connections. */
    private static TreeSet<String> shape(String export) {
        try {
            JsonNode document = Kc.JSON.readTree(export);
            TreeSet<String> shape = new TreeSet<>();
            document.path("resourceApps").forEach(app -> shape.add("app " + app.path("audience").asText()));
            document.path("connections").forEach(c -> shape.add("connection " + c.path("clientId").asText() + " -> "
                    + c.path("resourceAppAudience").asText() + " as " + c.path("clientIdAtResourceApp").asText()));
            return shape;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }

    private static String label(String value) {
        return value.length() > 20 ? value.substring(0, 5) + "…(" + value.length() + ")" : value;
    }
}
