package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Altered ID tokens for the fuzzer. Unsigned alterations keep the original signature (so none may be
 * accepted); re-signed ones are signed with a key the test imported as the realm's active key, so only the
 * claims decide. Each forgery says whether a correct server may still accept it ("equivalent"): a longer
 * lifetime or an extra claim is a token the realm could have issued; an expired one is not.
 */
final class SubjectTokenForgery {

    record Forged(String name, String token, boolean equivalent) {
    }

    private record Edit(String name, boolean mandatoryRefusal, Consumer<ObjectNode> change) {
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final RSAKey realmKey;
    private final List<Edit> claimEdits;
    private final List<Edit> headerEdits;
    private static final List<String> RAW_PAYLOADS = List.of("null", "[]", "\"id\"", "42", "{}", "{", "{\"exp\":}", "true");

    SubjectTokenForgery(RSAKey realmKey, String otherClientId, String otherUserId) {
        this.realmKey = realmKey;
        long now = System.currentTimeMillis() / 1000;
        this.claimEdits = List.of(
                new Edit("exp-past", true, c -> c.put("exp", now - 600)),
                new Edit("exp-removed", true, c -> c.remove("exp")),
                new Edit("exp-string", true, c -> c.put("exp", "tomorrow")),
                new Edit("exp-overflow", false, c -> c.put("exp", new BigInteger("99999999999999999999999"))),
                new Edit("exp-far", false, c -> c.put("exp", now + 86_400L * 365)),
                new Edit("iat-removed", true, c -> c.remove("iat")),
                new Edit("iat-null", true, c -> c.putNull("iat")),
                new Edit("iat-before-session", true, c -> c.put("iat", now - 86_400)),
                new Edit("nbf-future", true, c -> c.put("nbf", now + 3600)),
                new Edit("aud-other", true, c -> c.put("aud", otherClientId)),
                new Edit("aud-removed", true, c -> c.remove("aud")),
                new Edit("aud-number", true, c -> c.put("aud", 7)),
                new Edit("aud-array-without-azp", true, c -> {
                    c.putArray("aud").add(c.path("azp").asText()).add(otherClientId);
                    c.remove("azp");
                }),
                new Edit("azp-other", true, c -> {
                    c.putArray("aud").add(c.path("azp").asText()).add(otherClientId);
                    c.put("azp", otherClientId);
                }),
                new Edit("sub-other-user", true, c -> c.put("sub", otherUserId)),
                new Edit("sub-removed", true, c -> c.remove("sub")),
                new Edit("sub-object", true, c -> c.putObject("sub").put("id", "x")),
                new Edit("sid-removed", true, c -> c.remove("sid")),
                new Edit("sid-unknown", true, c -> c.put("sid", "00000000-0000-4000-8000-000000000000")),
                new Edit("typ-bearer", true, c -> c.put("typ", "Bearer")),
                new Edit("typ-refresh", true, c -> c.put("typ", "Refresh")),
                new Edit("typ-removed", true, c -> c.remove("typ")),
                new Edit("typ-array", true, c -> c.putArray("typ").add("ID")),
                new Edit("iss-other", true, c -> c.put("iss", c.path("iss").asText() + "-other")),
                new Edit("iss-removed", true, c -> c.remove("iss")),
                new Edit("extra-claim", false, c -> c.put("x_fuzz", "\u202e\ud83d\ude00")),
                new Edit("jti-changed", false, c -> c.put("jti", "fuzz-" + now)));
        this.headerEdits = List.of(
                new Edit("header-kid-unknown", true, h -> h.put("kid", "fuzz-unknown-kid")),
                new Edit("header-kid-number", true, h -> h.put("kid", 12)),
                new Edit("header-typ-at+jwt", true, h -> h.put("typ", "at+jwt")),
                new Edit("header-typ-id-jag", true, h -> h.put("typ", "oauth-id-jag+jwt")),
                new Edit("header-typ-logout", true, h -> h.put("typ", "logout+jwt")),
                new Edit("header-alg-RS512", true, h -> h.put("alg", "RS512")),
                new Edit("header-alg-HS256", true, h -> h.put("alg", "HS256")),
                new Edit("header-alg-unknown", true, h -> h.put("alg", "XX999")),
                new Edit("header-alg-removed", true, h -> h.remove("alg")),
                new Edit("header-kid-removed", false, h -> h.remove("kid")));
    }

    /** One forgery of {@code idToken}, chosen by {@code random}. */
    Forged forge(String idToken, Random random) {
        String[] parts = idToken.split("\\.");
        boolean resign = random.nextBoolean();
        String mode = resign ? "resigned:" : "unsigned:";
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                Edit edit = claimEdits.get(random.nextInt(claimEdits.size()));
                ObjectNode claims = (ObjectNode) json(parts[1]);
                edit.change().accept(claims);
                return forged(mode + edit.name(), parts[0], encode(claims), parts[2], resign, !edit.mandatoryRefusal());
            }
            case 2 -> {
                Edit edit = headerEdits.get(random.nextInt(headerEdits.size()));
                ObjectNode header = (ObjectNode) json(parts[0]);
                edit.change().accept(header);
                return forged(mode + edit.name(), encode(header), parts[1], parts[2], resign, !edit.mandatoryRefusal());
            }
            case 3 -> {
                String payload = RAW_PAYLOADS.get(random.nextInt(RAW_PAYLOADS.size()));
                return forged(mode + "payload " + payload, parts[0], b64(payload), parts[2], resign, false);
            }
            default -> {
                return structural(parts, random);
            }
        }
    }

    private Forged forged(String name, String header, String payload, String oldSignature, boolean resign, boolean equivalent) {
        String signature = resign ? sign(header + "." + payload) : oldSignature;
        // An unsigned alteration keeps a signature over other bytes: never acceptable.
        return new Forged(name, header + "." + payload + "." + signature, resign && equivalent);
    }

    private static Forged structural(String[] parts, Random random) {
        String h = parts[0];
        String p = parts[1];
        String s = parts[2];
        return switch (random.nextInt(9)) {
            case 0 -> new Forged("alg-none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + p + ".", false);
            case 1 -> new Forged("signature-truncated", h + "." + p + "." + s.substring(0, s.length() - 2), false);
            case 2 -> new Forged("signature-removed", h + "." + p + ".", false);
            case 3 -> new Forged("two-segments", h + "." + p, false);
            case 4 -> new Forged("extra-segment", h + "." + p + "." + s + ".x", false);
            case 5 -> new Forged("five-segments", h + "." + p + "." + s + "." + s + "." + s, false);
            case 6 -> new Forged("payload-not-base64", h + ".!!*" + p + "." + s, false);
            // Padding changes no signature byte: the same token, leniently encoded.
            case 7 -> new Forged("signature-padded", h + "." + p + "." + s + "==", true);
            default -> new Forged("header-not-json", b64("{\"alg\":") + "." + p + "." + s, false);
        };
    }

    /** Re-signs the token's own signing input: the same bytes prove the imported key is the realm's signing key. */
    String resign(String idToken) {
        String[] parts = idToken.split("\\.");
        return parts[0] + "." + parts[1] + "." + sign(parts[0] + "." + parts[1]);
    }

    private String sign(String signingInput) {
        try {
            Base64URL signature = new RSASSASigner(realmKey).sign(
                    new JWSHeader(JWSAlgorithm.RS256), signingInput.getBytes(StandardCharsets.US_ASCII));
            return signature.toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String part) {
        try {
            return Kc.JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(JsonNode node) {
        return B64.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
