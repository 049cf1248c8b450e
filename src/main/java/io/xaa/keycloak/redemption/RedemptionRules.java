package io.xaa.keycloak.redemption;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The checklist's rules for redeeming an ID-JAG at this realm (§8–§10, vectors N31–N58) that Keycloak's own
 * jwt-bearer grant leaves out. Pure: the assertion's header type and claims, the request and the realm's settings in;
 * a refusal, or the resources and scopes the access token may carry, out. Keycloak has already checked the signature
 * against a trusted issuer, {@code exp}/{@code nbf}, single use and the user; these rules run after it.
 */
public final class RedemptionRules {

    public static final String ID_JAG_TYPE = "oauth-id-jag+jwt";
    /** The claims an ID-JAG must carry (checklist §8.3). */
    static final List<String> REQUIRED_CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "jti", "client_id");
    /** Claims of an ID token or a Keycloak access token that an ID-JAG never has. */
    static final List<String> TOKEN_ONLY_CLAIMS = List.of("typ", "nonce", "at_hash", "c_hash");

    private RedemptionRules() {
    }

    /**
     * @param maxLifetime      the longest {@code exp − iat} accepted
     * @param resourceRequired an ID-JAG without {@code resource} is refused
     * @param resources        the resources this realm serves (its MCP servers); an ID-JAG's must all be among them
     * @param dpopRequired     an ID-JAG without {@code cnf.jkt} still needs a DPoP proof
     */
    public record Settings(Duration maxLifetime, boolean resourceRequired, Set<String> resources, boolean dpopRequired) {
    }

    /**
     * @param realmIssuer     this realm's issuer: the only accepted {@code aud}, and never the assertion's {@code iss}
     * @param clientId        the client this request authenticated
     * @param scope           the request's {@code scope} parameter, or null when it sent none
     * @param dpopThumbprint  the RFC 7638 thumbprint of the request's validated DPoP proof, or null without one
     */
    public record Request(String realmIssuer, String clientId, String scope, String dpopThumbprint) {
    }

    public sealed interface Outcome permits Redeem, Refuse {
    }

    /** The access token's audience is {@code resources}; its scopes are at most {@code scopes}. */
    public record Redeem(List<String> resources, Set<String> scopes) implements Outcome {
    }

    public record Refuse(String error, String reason) implements Outcome {
        static Refuse grant(String reason) {
            return new Refuse("invalid_grant", reason);
        }
    }

    /**
     * @param type   the assertion's JOSE header {@code typ}, or null
     * @param claims the assertion's payload as parsed JSON (strings, numbers, lists, maps)
     */
    public static Outcome check(String type, Map<String, Object> claims, Request request, Settings settings) {
        if (!isIdJagType(type)) {
            return Refuse.grant("the assertion's typ is not " + ID_JAG_TYPE);
        }
        for (String claim : TOKEN_ONLY_CLAIMS) {
            if (claims.containsKey(claim)) {
                return Refuse.grant("the assertion carries " + claim + ": an ID token or access token, not an ID-JAG");
            }
        }
        for (String claim : REQUIRED_CLAIMS) {
            if (claims.get(claim) == null) {
                return Refuse.grant("the assertion has no " + claim);
            }
        }
        if (request.realmIssuer().equals(claims.get("iss"))) {
            return Refuse.grant("the assertion was issued by this realm itself");
        }
        if (!isExactly(claims.get("aud"), request.realmIssuer())) {
            return Refuse.grant("the assertion's aud is not exactly this realm's issuer");
        }
        if (!request.clientId().equals(claims.get("client_id"))) {
            return Refuse.grant("the assertion's client_id is not the authenticated client");
        }
        if (!(claims.get("exp") instanceof Number exp) || !(claims.get("iat") instanceof Number iat)) {
            return Refuse.grant("the assertion's exp or iat is not a number");
        }
        if (exp.longValue() - iat.longValue() > settings.maxLifetime().toSeconds()) {
            return Refuse.grant("the assertion lives longer than " + settings.maxLifetime().toSeconds() + " s");
        }

        List<String> resources = strings(claims.get("resource"));
        if (resources == null) {
            return Refuse.grant("the assertion's resource is neither a string nor a list of strings");
        }
        if (resources.isEmpty() && settings.resourceRequired()) {
            return Refuse.grant("the assertion names no resource");
        }
        for (String resource : resources) {
            if (!settings.resources().contains(resource)) {
                return Refuse.grant("resource " + resource + " is not served by this realm");
            }
        }

        String jkt = confirmationThumbprint(claims.get("cnf"));
        if (claims.get("cnf") != null && jkt == null) {
            // A binding this realm cannot check (for example cnf.x5t#S256) is refused, never ignored.
            return Refuse.grant("the assertion's cnf has no jkt");
        }
        if (jkt != null && request.dpopThumbprint() == null) {
            return Refuse.grant("the assertion is bound to a key (cnf.jkt): a DPoP proof is required");
        }
        if (jkt != null && !jkt.equals(request.dpopThumbprint())) {
            return Refuse.grant("the DPoP proof's key is not the one the assertion is bound to");
        }
        if (jkt == null && settings.dpopRequired() && request.dpopThumbprint() == null) {
            return Refuse.grant("this realm requires a DPoP proof");
        }

        Set<String> scopes = scopes(claims.get("scope"));
        if (request.scope() != null) {
            Set<String> requested = scopes(request.scope());
            scopes.retainAll(requested);
            if (scopes.isEmpty() && !requested.isEmpty()) {
                return new Refuse("invalid_scope", "none of the requested scopes is in the assertion");
            }
        }
        return new Redeem(List.copyOf(resources), Set.copyOf(scopes));
    }

    /** Exact, case-insensitive, with or without the {@code application/} prefix (RFC 8725 §3.11, decision D in §8.1). */
    static boolean isIdJagType(String type) {
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.equals(ID_JAG_TYPE) || lower.equals("application/" + ID_JAG_TYPE);
    }

    /** A string equal to {@code expected}, or a list of exactly that one string. */
    private static boolean isExactly(Object audience, String expected) {
        if (audience instanceof List<?> list) {
            return list.size() == 1 && expected.equals(list.get(0));
        }
        return expected.equals(audience);
    }

    /** Absent: empty; a string: that one; a list of strings: those; anything else: null. */
    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String single) {
            return List.of(single);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        return null;
    }

    private static String confirmationThumbprint(Object confirmation) {
        return confirmation instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt ? jkt : null;
    }

    private static Set<String> scopes(Object scope) {
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String text) {
            Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        return scopes;
    }
}
