package io.xaa.keycloak.it;

import org.keycloak.models.utils.Base32;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.Set;

/**
 * The codes an authenticator app shows for a TOTP secret (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps), from the
 * Base32 form a user types into the app. Keycloak accepts each code only once and also accepts the next step's
 * code, so {@link #unused()} hands out a code not given before, waiting for the next step only when both are spent.
 */
final class Totp {

    private static final int STEP_SECONDS = 30;

    private final byte[] key;
    private final Set<String> given = new HashSet<>();

    Totp(String base32Secret) {
        this.key = Base32.decode(base32Secret);
    }

    String unused() throws InterruptedException {
        while (true) {
            long step = System.currentTimeMillis() / 1000 / STEP_SECONDS;
            for (long candidate : new long[]{step, step + 1}) {
                String code = code(candidate);
                if (given.add(code)) {
                    return code;
                }
            }
            Thread.sleep(1000);
        }
    }

    /** RFC 4226 §5.3 dynamic truncation of the HMAC of the step number. */
    String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
