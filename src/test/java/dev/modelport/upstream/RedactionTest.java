package dev.modelport.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.AuthorizationType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What --show-response prints of an answer: no Secret value, header value or query value of the model. */
class RedactionTest {

    @Test
    void shouldReplaceEverySecretOfTheEndpointTheLongestFirst() {
        ResolvedEndpoint endpoint = new ResolvedEndpoint("https://llm.example.com/v1?key=qk-123",
                AuthorizationType.Bearer, null, null, null, Map.of("token", "sk-abc"),
                List.of(new ResolvedHeader("X-Tenant", "tenant-sk-abc-9")), "");

        assertThat(Redaction.redact("{\"a\": \"sk-abc\", \"b\": \"tenant-sk-abc-9\", \"c\": \"qk-123\"}", endpoint))
                .isEqualTo("{\"a\": \"[redacted]\", \"b\": \"[redacted]\", \"c\": \"[redacted]\"}");
    }

    /** The OAuth2 access token is not known here: nothing stands in for it (a JSON null stays a null). */
    @Test
    void shouldRedactTheClientSecretButNotTheWordNullForOAuth2() {
        ResolvedEndpoint endpoint = new ResolvedEndpoint("https://llm.example.com/v1",
                AuthorizationType.OAuth2ClientCredentials, null, "https://auth.example.com/token", null,
                Map.of("clientId", "app-1", "clientSecret", "cs-xyz"), null, "");

        assertThat(Redaction.redact("{\"refusal\": null, \"echo\": \"cs-xyz\"}", endpoint))
                .isEqualTo("{\"refusal\": null, \"echo\": \"[redacted]\"}");
    }
}
