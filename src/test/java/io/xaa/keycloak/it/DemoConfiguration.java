package io.xaa.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo's Cross App Access document, with the demo's base URL swapped for the running server's. */
public final class DemoConfiguration {

    public static final String FILE = "acme-cross-app-access.json";
    private static final String DEMO_BASE_URL = "http://localhost:8080";

    private DemoConfiguration() {
    }

    public static String document(Path realmDir, String baseUrl) {
        try {
            return Files.readString(realmDir.resolve(FILE)).replace(DEMO_BASE_URL, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges the document into acme; importing twice changes nothing. */
    public static Kc.Response importInto(Kc kc, Path realmDir) {
        return kc.admin("POST", "/acme/cross-app-access/import?mode=merge", document(realmDir, kc.baseUrl()));
    }

    /** True once acme has any resource app: the demo then keeps what the admin changed since. */
    public static boolean alreadyImported(Kc kc) {
        return kc.admin("GET", "/acme/cross-app-access/resource-apps/count", null).json().asLong() > 0;
    }
}
