package dev.modelport.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderErrorTest {

    static Optional<ProviderError> parse(String body) {
        return ProviderError.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadOpenAisErrorObject() {
        assertThat(parse("""
                {"error": {"message": "This model's maximum context length is 128000 tokens.",
                           "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}
                """)).contains(new ProviderError("invalid_request_error", "context_length_exceeded",
                "This model's maximum context length is 128000 tokens."));
        assertThat(parse("{\"error\": {\"message\": \"bad\", \"type\": \"BadRequestError\", \"code\": 400}}"))
                .contains(new ProviderError("BadRequestError", "400", "bad"));
    }

    @Test
    void shouldReadAnthropicsErrorObject() {
        assertThat(parse("""
                {"type": "error", "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"},
                 "request_id": "req_011"}""")).contains(new ProviderError("invalid_request_error", null,
                "max_tokens: Field required"));
    }

    @Test
    void shouldFindNoErrorObjectInOtherBodies() {
        for (String body : new String[] {"", "<html>413 Request Entity Too Large</html>", "{\"error\": \"slow down\"}",
                "{\"message\": \"bad\"}", "[1]", "{\"error\": {}}", "{\"error\": {\"message\": 5}}", "{\"error\": "}) {
            assertThat(parse(body)).as(body).isEmpty();
        }
    }

    @Test
    void shouldKeepOnlyIdentifiersAsTypeAndCode() {
        assertThat(parse("{\"error\": {\"message\": \"m\", \"type\": \"has space\", \"code\": \"" + "c".repeat(41)
                + "\"}}")).contains(new ProviderError(null, null, "m"));
        assertThat(parse("{\"error\": {\"type\": \"a\\nb\", \"code\": {\"x\": 1}}}")).isEmpty();
    }

    @Test
    void shouldCutTheMessageTo500CharactersWithoutControlCharacters() {
        ProviderError error = parse("{\"error\": {\"message\": \"first\\nsecond\\u001b[0m" + "x".repeat(10_000)
                + "\"}}").orElseThrow();
        assertThat(error.message()).startsWith("first second [0mxxx").hasSize(EchoedText.UPSTREAM_LIMIT)
                .endsWith("…").doesNotContainPattern("\\p{Cc}");
    }

    @Test
    void shouldTellWhetherItRepeatsAValueAndNeverShowTheMessageInToString() {
        ProviderError error = new ProviderError("invalid_api_key", null, "Incorrect API key provided: sk-abc123.");
        assertThat(error.mentionsAny(List.of("sk-abc123"))).isTrue();
        assertThat(error.mentionsAny(List.of("sk-other", ""))).isFalse();
        assertThat(error.mentionsAny(List.of("invalid_api"))).isTrue();
        assertThat(error.toString()).isEqualTo("ProviderError[type=invalid_api_key, code=null]");
    }
}
