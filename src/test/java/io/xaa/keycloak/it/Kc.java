package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small HTTP client for the running test server: admin REST calls and the OAuth endpoints. */
public final class Kc {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    public static final String REFRESH_TOKEN = "urn:ietf:params:oauth:token-type:refresh_token";

    private final String baseUrl;
    private final KeycloakServer server;
    /** HTTP/1.1: an h2c connection can be ended by the server's GOAWAY mid-request, which 1.1 retries for GETs. */
    private String adminToken;
    private long adminTokenAt;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Kc(KeycloakServer server) {
        this.baseUrl = server.baseUrl();
        this.server = server;
    }

    /** A Keycloak this run did not start as a process (a container): {@link #server()} is not there. */
    public Kc(String baseUrl) {
        this.baseUrl = baseUrl;
        this.server = null;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public KeycloakServer server() {
        if (server == null) {
            throw new IllegalStateException("this Keycloak at " + baseUrl + " is not a process of this run");
        }
        return server;
    }

    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    public String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /** A token of the bootstrap admin, renewed well before its 60 s lifetime ends (one login per 20 s, not per call). */
    public synchronized String adminToken() {
        if (adminToken == null || System.nanoTime() - adminTokenAt > Duration.ofSeconds(20).toNanos()) {
            adminToken = userToken("master", "admin-cli", null, KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
            adminTokenAt = System.nanoTime();
        }
        return adminToken;
    }

    /** A JSON object body from alternating keys and values, in that order. */
    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A copy of {@code base} with {@code key} set. */
    public static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    /** A copy of {@code base} without {@code key}. */
    public static Map<String, Object> without(Map<String, Object> base, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.remove(key);
        return copy;
    }

    public String userToken(String realm, String clientId, String secret, String username, String password) {
        Response response = password(realm, clientId, secret, username, password, null);
        if (response.status() != 200) {
            throw new IllegalStateException("login of " + username + " failed: " + response);
        }
        return response.json().get("access_token").asText();
    }

    public Response password(String realm, String clientId, String secret, String username, String password, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("scope", scope == null ? "openid" : scope);
        return token(realm, clientId, secret, form);
    }

    /** A token request authenticated with client_secret_basic (no Authorization header when secret is null). */
    public Response token(String realm, String clientId, String secret, Map<String, String> form) {
        return tokenForm(realm, clientId, secret, toPairs(form), Map.of());
    }

    /** A token request with repeatable parameters and extra headers. */
    public Response tokenForm(String realm, String clientId, String secret, List<String[]> pairs, Map<String, String> headers) {
        List<String[]> all = new ArrayList<>(pairs);
        if (secret == null && clientId != null) {
            all.add(new String[]{"client_id", clientId});
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tokenEndpoint(realm)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(all)));
        if (secret != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(request::header);
        return send(request);
    }

    /** RFC 7009 at the realm's revocation endpoint, authenticated with client_secret_basic; 200 even for an unknown token. */
    public Response revoke(String realm, String clientId, String secret, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(encode(toPairs(Map.of("token", token, "token_type_hint", "refresh_token")))));
        return send(request);
    }

    public Response admin(String method, String path, Object body) {
        return adminAs(adminToken(), method, path, body);
    }

    public Response adminAs(String bearer, String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms" + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            String payload = body == null ? null : body instanceof String text ? text : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json")
                    .method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(payload));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request);
    }

    /** OpenID Connect dynamic client registration with an initial access token. */
    public Response registerClient(String realm, String initialAccessToken, Object metadata) {
        try {
            return send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/clients-registrations/openid-connect"))
                    .header("Authorization", "Bearer " + initialAccessToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(metadata))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports a realm file of the test classpath; 409 (an earlier class or run imported it) counts as done. */
    public void createRealm(String realmFile) {
        createRealmFromJson(realmFile(realmFile));
    }

    /** Imports a realm representation; 409 counts as done as for {@link #createRealm}. */
    public void createRealmFromJson(String json) {
        Response created = admin("POST", "", json);
        // 409 is fine only when the realm is there already: a clash of fixed ids with another realm is 409 too.
        String name;
        try {
            name = JSON.readTree(json).path("realm").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(created.status() == 201 || created.status() == 409 && admin("GET", "/" + name, null).status() == 200,
                "realm " + name + ": " + created);
    }

    /** Creates a resource app in the realm and returns its id; anything but 201 fails the test. */
    public String createResourceApp(String realm, Map<String, Object> app) {
        return createXaa(realm, "resource-apps", app);
    }

    /** Creates a connection in the realm and returns its id; anything but 201 fails the test. */
    public String createConnection(String realm, Map<String, Object> connection) {
        return createXaa(realm, "connections", connection);
    }

    private String createXaa(String realm, String collection, Map<String, Object> body) {
        Response response = admin("POST", "/" + realm + "/cross-app-access/" + collection, body);
        assertEquals(201, response.status(), response.toString());
        return response.json().get("id").asText();
    }

    /** The form of an ID-JAG token exchange for an ID token; mutable, in this order, for a test to add or change parameters. */
    public static Map<String, String> idJagRequest(String subjectToken, String audience) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", TOKEN_EXCHANGE);
        form.put("requested_token_type", ID_JAG);
        form.put("subject_token_type", ID_TOKEN);
        form.put("subject_token", subjectToken);
        form.put("audience", audience);
        return form;
    }

    /** The form of an ID-JAG token exchange for a refresh token (of an online or offline session). */
    public static Map<String, String> idJagRequestForRefreshToken(String refreshToken, String audience) {
        Map<String, String> form = idJagRequest(refreshToken, audience);
        form.put("subject_token_type", REFRESH_TOKEN);
        return form;
    }

    /** The ID-JAG of a successful exchange, its {@code typ} checked and its signature verified against the realm's JWKS. */
    public JWTClaimsSet verifiedIdJag(String realm, Response issued) throws Exception {
        SignedJWT jwt = SignedJWT.parse(issued.json().get("access_token").asText());
        assertEquals(new JOSEObjectType("oauth-id-jag+jwt"), jwt.getHeader().getType());
        JWKSet jwks = JWKSet.parse(get(issuer(realm) + "/protocol/openid-connect/certs").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the ID-JAG's kid is in the realm's JWKS");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signature verifies against the realm's JWKS");
        return jwt.getJWTClaimsSet();
    }

    /** A realm file from the test classpath ({@code src/test/resources/realms}). */
    public static String realmFile(String name) {
        try (var in = Kc.class.getResourceAsStream("/realms/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test realm " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String[]> toPairs(Map<String, String> form) {
        return form.entrySet().stream().map(e -> new String[]{e.getKey(), e.getValue()}).collect(Collectors.toList());
    }

    private static String encode(List<String[]> pairs) {
        return pairs.stream()
                .map(p -> URLEncoder.encode(p[0], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(p[1], StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Decodes the payload of a JWS without verifying it (tests verify signatures with Nimbus where it matters). */
    public static JsonNode claims(String jws) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jws.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String error() {
            return json().path("error").asText(null);
        }

        /** The id a 201 names at the end of its Location header. */
        public String createdId() {
            String location = header("Location");
            assertTrue(location != null, "no Location in " + this);
            return location.substring(location.lastIndexOf('/') + 1);
        }

        /** For failure messages: any JWS in the body (an issued token) is shown by its length only. */
        @Override
        public String toString() {
            return status + " " + (body == null ? null : JWS.matcher(body).replaceAll(jws -> "[JWS, " + jws.group().length() + " chars]"));
        }
    }
}
