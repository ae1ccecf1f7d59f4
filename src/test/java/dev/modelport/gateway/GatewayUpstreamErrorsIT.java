package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.modelport.api.v1alpha1.Phase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * What a caller, the official OpenAI client, sees of an endpoint's error answers: a 4xx keeps its status and the
 * provider's error type, code and message; refused credentials, 5xx and answers that are not JSON are 502 without
 * anything of the endpoint's body.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayUpstreamErrorsIT extends GatewayTestBase {

    void serveAll() {
        secret("upstream-errors", TOKEN);
        if (registry.find("upstream-errors", "stream-context").isPresent()) {
            return;
        }
        String[][] models = {{"context", "OpenAIChatCompletions", "/openai-context-exceeded"},
                {"stream-context", "OpenAIChatCompletions", "/openai-context-exceeded-stream"},
                {"not-found", "OpenAIChatCompletions", "/openai-not-found"},
                {"anthropic", "AnthropicMessages", "/anthropic-invalid"},
                {"quota", "OpenAIChatCompletions", "/openai-quota"},
                {"key-refused", "OpenAIChatCompletions", "/openai-key-refused"},
                {"proxy", "OpenAIChatCompletions", "/proxy-too-large"},
                {"unprocessable", "OpenAIChatCompletions", "/unprocessable"}};
        for (String[] model : models) {
            serve("upstream-errors", provider(model[0], model[1], model[2]), Phase.InferenceEnabled);
        }
        serve("upstream-errors", custom("custom", "/openai-context-exceeded", ""), Phase.InferenceEnabled);
        for (String[] model : models) {
            awaitServed("upstream-errors", model[0]);
        }
        awaitServed("upstream-errors", "custom");
    }

    @Test
    void shouldPassOnAnEndpoints4xxWithItsStatusAndErrorObject() throws Exception {
        serveAll();
        OpenAIServiceException context = failure(chat("upstream-errors/context", "hi"));
        assertThat(context).isInstanceOf(BadRequestException.class);
        assertThat(context.type()).contains("invalid_request_error");
        assertThat(context.code()).contains("context_length_exceeded");
        assertThat(context.getMessage()).contains("maximum context length is 128000 tokens");

        OpenAIServiceException notFound = failure(chat("upstream-errors/not-found", "hi"));
        assertThat(notFound).isInstanceOf(NotFoundException.class);
        assertThat(notFound.code()).contains("model_not_found");
        assertThat(notFound.getMessage()).contains("The model `upstream-model` does not exist");

        OpenAIServiceException anthropic = failure(chat("upstream-errors/anthropic", "hi"));
        assertThat(anthropic).isInstanceOf(BadRequestException.class);
        assertThat(anthropic.type()).contains("invalid_request_error");
        assertThat(anthropic.code()).as("Anthropic's errors have no code").contains("HTTPStatus");
        assertThat(anthropic.getMessage()).contains("max_tokens: xxx").doesNotContain("\n");
        try (Response raw = post("/v1/chat/completions", null, "{\"model\": \"upstream-errors/anthropic\", "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertThat(json(raw).at("/error/message").asText()).as("cut to 500 characters, on one line")
                    .startsWith("max_tokens: xxx").hasSize(500).endsWith("…");
        }

        OpenAIServiceException quota = failure(chat("upstream-errors/quota", "hi"));
        assertThat(quota).isInstanceOf(RateLimitException.class);
        assertThat(quota.type()).contains("insufficient_quota");
        assertThat(quota.headers().values("Retry-After")).containsExactly("30");

        OpenAIServiceException proxy = failure(chat("upstream-errors/proxy", "hi"));
        assertError(proxy, 413, "HTTPStatus");
        assertThat(proxy.getMessage()).contains("endpoint answered HTTP 413");
        OpenAIServiceException unprocessable = failure(chat("upstream-errors/unprocessable", "hi"));
        assertThat(unprocessable).isInstanceOf(UnprocessableEntityException.class);
        assertError(unprocessable, 422, "HTTPStatus");
    }

    @Test
    void shouldAnswer502WithoutTheEndpointsErrorWhenItRefusedTheModelsCredentials() {
        serveAll();
        OpenAIServiceException refused = failure(chat("upstream-errors/key-refused", "hi"));
        assertThat(refused).as("not the caller's own 401").isInstanceOf(InternalServerException.class);
        assertError(refused, 502, "HTTPStatus");
        assertThat(refused.type()).contains("upstream_error");
        assertThat(refused.getMessage()).contains("endpoint answered HTTP 401").doesNotContain("API key");
    }

    @Test
    void shouldPassOnA4xxToAStreamedRequestBeforeTheStreamStarts() throws Exception {
        serveAll();
        Throwable thrown;
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
                .createStreaming(chat("upstream-errors/stream-context", "hi"))) {
            thrown = catchThrowable(() -> stream.stream().toList());
        } catch (OpenAIServiceException e) {
            thrown = e;
        }
        assertThat(thrown).isInstanceOf(BadRequestException.class);
        assertThat(((OpenAIServiceException) thrown).code()).contains("context_length_exceeded");
        assertThat(readTree(upstream.last("/openai-context-exceeded-stream")).path("stream").asBoolean()).isTrue();

        try (Response raw = post("/v1/chat/completions", null, "{\"model\": \"upstream-errors/stream-context\", "
                + "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertThat(raw.code()).isEqualTo(400);
            assertThat(raw.header("Content-Type")).isEqualTo("application/json");
            assertThat(json(raw).at("/error/code").asText()).isEqualTo("context_length_exceeded");
        }
    }

    @Test
    void shouldPassOnA4xxThroughTheInvokeApi() throws Exception {
        serveAll();
        try (Response response = post("/api/v1/namespaces/upstream-errors/externalmodels/custom/invoke", null,
                "{\"prompt\": \"hi\"}")) {
            assertThat(response.code()).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("code").asText()).isEqualTo("context_length_exceeded");
            assertThat(error.path("message").asText()).contains("maximum context length");
        }
    }
}
