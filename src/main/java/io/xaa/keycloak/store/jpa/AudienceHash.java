package io.xaa.keycloak.store.jpa;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a resource app's audience, in lower-case hex. The unique key on (realm, audience) is on this
 * fixed-length form: a key on the 1024-character audience exceeds MariaDB/MySQL's 3072-byte key length.
 */
final class AudienceHash {

    static final int LENGTH = 64;

    private AudienceHash() {
    }

    static String of(String audience) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audience.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
