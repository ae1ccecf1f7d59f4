package dev.modelport.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each security scheme the import maps to an authorization profile, and one it cannot map. */
class AuthorizationPlanTest {

    @TempDir
    Path dir;

    private JsonNode authorization(String scheme, String requirement) throws Exception {
        Path file = dir.resolve("api.yaml");
        Files.writeString(file, """
                openapi: 3.1.0
                info: {title: T, version: "1"}
                servers: [{url: "https://{host}/v1", variables: {host: {default: llm.example.com}}}]
                security: [%s]
                paths:
                  /generate:
                    post:
                      operationId: generate
                      requestBody:
                        content:
                          application/json: {schema: {type: object, properties: {prompt: {type: string}}}}
                      responses:
                        "200": {description: OK}
                components:
                  securitySchemes:
                    it: %s
                """.formatted(requirement, scheme));
        JsonNode spec = OpenApiImportTest.valid(OpenApiImportTest.run(file, "generate", null)).path("spec");
        assertThat(spec.path("endpoint").asText()).isEqualTo("https://llm.example.com/v1/generate");
        return spec.path("authorization");
    }

    @Test
    void shouldMapAnApiKeyHeaderToApiKeyWithThatHeader() throws Exception {
        assertThat(authorization("{type: apiKey, in: header, name: X-Api-Key}", "{it: []}").toString())
                .isEqualTo("{\"type\":\"ApiKey\",\"header\":\"X-Api-Key\",\"secretRef\":{\"name\":"
                        + "\"imported-credentials\"}}");
    }

    @Test
    void shouldMapHttpBasicToBasic() throws Exception {
        assertThat(authorization("{type: http, scheme: basic}", "{it: []}").path("type").asText())
                .isEqualTo("Basic");
    }

    @Test
    void shouldMapClientCredentialsWithTokenUrlAndTheRequiredScopes() throws Exception {
        assertThat(authorization("{type: oauth2, flows: {clientCredentials: {tokenUrl: "
                + "'https://login.example.com/token', scopes: {llm.generate: Generate, llm.admin: Admin}}}}",
                "{it: [llm.generate]}").toString())
                .isEqualTo("{\"type\":\"OAuth2ClientCredentials\",\"tokenUrl\":\"https://login.example.com/token\","
                        + "\"scopes\":[\"llm.generate\"],\"secretRef\":{\"name\":\"imported-credentials\"}}");
    }

    @Test
    void shouldSayWhyAnApiKeyInTheQueryIsNotMapped() throws Exception {
        assertThat(authorization("{type: apiKey, in: query, name: key}", "{it: []}").isMissingNode()).isTrue();
        assertThat(OpenApiImportTest.run(dir.resolve("api.yaml"), "generate", null)).contains(
                "# authorization not mapped:", "# - components.securitySchemes.it: an apiKey in query has no Modelport "
                        + "authorization profile");
    }
}
