package io.xaa.keycloak.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The demo's tools realm is the ID-JAG redemption template applied to a realm file: the same policies and
 * client-authentication flow, and the same profile with tools' own resources.
 */
class ToolsRealmTemplateTest {

    private static JsonNode template;
    private static JsonNode tools;

    @BeforeAll
    static void read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        template = json.readTree(Path.of("realm-exports", "id-jag-redemption-template.json").toFile());
        tools = json.readTree(Path.of("realm-exports", "tools-realm.json").toFile());
    }

    @Test
    void toolsCarriesTheTemplatesPoliciesAndFlowUnchanged() {
        for (String part : List.of("clientPolicies", "authenticationFlows", "clientAuthenticationFlow")) {
            assertEquals(template.get(part), tools.get(part), part);
        }
    }

    @Test
    void toolsCarriesTheTemplatesProfileWithItsOwnResources() {
        JsonNode profiles = tools.get("clientProfiles");
        assertEquals("[\"https://mcp.tools.example/files\",\"https://mcp.tools.example/calendar\"]",
                profiles.at("/profiles/0/executors/0/configuration/resources").toString());
        JsonNode withTheTemplatesResources = profiles.deepCopy();
        ((ObjectNode) withTheTemplatesResources.at("/profiles/0/executors/0/configuration"))
                .set("resources", template.at("/clientProfiles/profiles/0/executors/0/configuration/resources"));
        assertEquals(template.get("clientProfiles"), withTheTemplatesResources);
    }
}
