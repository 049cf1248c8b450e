package io.xaa.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Text outside the Basic Multilingual Plane (4 bytes in UTF-8, such as an emoji) is stored and read back whole, in
 * the registry and in the audit record's before/after JSON. On MariaDB those JSON columns were utf8mb3, which cannot
 * hold it: the change's audit record failed and the change with it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FourByteCharacterIT {

    static final String BASE = "/" + DatabaseUpgradeIT.REALM + "/cross-app-access";
    static final String NAME = "Files \ud83d\udcc1 \ud834\udd1e";

    Kc kc;

    @BeforeAll
    void createRealm(Kc kc) {
        this.kc = kc;
        kc.createRealm("dbupgrade-it-realm.json");
    }

    @Test
    void anAppNamedWithAnEmojiIsSavedAndItsAuditRecordKeepsTheName() {
        String id = kc.createResourceApp(DatabaseUpgradeIT.REALM, Map.of("name", NAME, "audience", "https://as-emoji.dbupgrade-it.example.com",
                "scopes", List.of("read")));
        Kc.Response app = kc.admin("GET", BASE + "/resource-apps/" + id, null);
        assertEquals(NAME, app.json().path("name").asText(), app.toString());

        Kc.Response records = kc.admin("GET", BASE + "/audit?resourceAppId=" + id, null);
        assertEquals(200, records.status(), records.toString());
        JsonNode created = records.json().get(0);
        assertEquals(NAME, created.path("after").path("name").asText(), created.toString());
    }
}
