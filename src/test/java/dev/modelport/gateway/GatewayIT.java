package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway end to end: the official OpenAI client calls Quarkus's server, the registry reads ExternalModels and
 * Secrets from the fabric8 mock API server (CRUD mode), upstreams are real HTTP on 127.0.0.1. Waits are bounded.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayIT {

    static final String TOKEN = "model-token-31f";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient();
    static ModelUpstream upstream;
    static boolean registryStarted;

    @Inject
    KubernetesClient client;

    @Inject
    ModelRegistry registry;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ModelUpstream();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /** Starts the informers once, as the gateway command does. */
    @BeforeEach
    void startRegistry() {
        synchronized (GatewayIT.class) {
            if (!registryStarted) {
                registry.start();
                registryStarted = true;
            }
        }
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey("caller-credential").maxRetries(0)
                .build();
    }

    static String custom(String name, String path, String extra) {
        return """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s}
                spec:
                  endpoint: %s
                  authorization: {type: Bearer, secretRef: {name: creds}}
                  configuration:
                    custom:
                      body: '{"prompt": "{{prompt}}"%s}'
                      %s
                  test: {prompt: Reply with pong.}
                """.formatted(name, upstream.url(path), extra.isEmpty() ? "" : ", \"tone\": \"{{tone}}\"",
                extra);
    }

    static String provider(String name, String api, String path) {
        return """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: %s}
                spec:
                  endpoint: %s
                  authorization: {type: Bearer, secretRef: {name: creds}}
                  configuration:
                    provider: {api: %s, model: upstream-model,
                               features: {modalities: [TextToText], streaming: %s}}
                  test: {prompt: Reply with pong.}
                """.formatted(name, upstream.url(path), api, path.endsWith("-stream"));
    }

    /** Creates the model as the operator would leave it: with a status in the given phase. */
    ExternalModel serve(String namespace, String yaml, Phase phase) {
        ExternalModel model = Serialization.unmarshal(yaml, ExternalModel.class);
        model.setStatus(new ExternalModelStatus());
        model.getStatus().phase = phase;
        if (model.getSpec().configuration.custom != null) {
            model.getStatus().detectedPaths = new DetectedPaths();
            model.getStatus().detectedPaths.outputPath = "$.result.text";
            model.getStatus().detectedPaths.inputTokensPath = "$.meta.tokens.in";
            model.getStatus().detectedPaths.outputTokensPath = "$.meta.tokens.out";
        }
        ExternalModel created = client.resources(ExternalModel.class).inNamespace(namespace).resource(model)
                .create();
        assertThat(created.getStatus().phase).as("the mock API server keeps a status given at create")
                .isEqualTo(phase);
        return created;
    }

    void secret(String namespace, String token) {
        Secret secret = new SecretBuilder().withNewMetadata().withName("creds").withNamespace(namespace)
                .endMetadata().withStringData(Map.of("token", token)).build();
        client.secrets().inNamespace(namespace).resource(secret).createOr(s -> s.update());
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    void awaitServed(String namespace, String name) {
        await(namespace + "/" + name + " served", () -> registry.find(namespace, name).isPresent());
    }

    static ChatCompletionCreateParams chat(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
    }

    static String header(RecordedRequest request, String name) {
        return request.getHeaders().get(name);
    }

    Response post(String path, String host, String body) throws Exception {
        Request.Builder request = new Request.Builder().url(base + path.substring(1))
                .post(RequestBody.create(body, MediaType.get("application/json")));
        if (host != null) {
            request.header("Host", host);
        }
        return HTTP.newCall(request.build()).execute();
    }

    static JsonNode json(Response response) throws Exception {
        return MAPPER.readTree(response.body().string());
    }

    @Test
    void shouldServeACustomModelByItsModelFieldWithTheModelsOwnCredentials() {
        secret("custom", TOKEN);
        serve("custom", custom("support", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("custom", "support");

        ChatCompletion completion = openAi().chat().completions().create(chat("custom/support", "Say pong"));

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("custom/support");
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.message().content()).contains("pong");
            assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        });
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(18);
            assertThat(usage.completionTokens()).isEqualTo(1);
            assertThat(usage.totalTokens()).isEqualTo(19);
        });
        RecordedRequest sent = upstream.last("/custom");
        assertThat(sent.getBody().utf8()).isEqualTo("{\"prompt\": \"Say pong\"}");
        assertThat(header(sent, "Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(sent.getHeaders().toString()).doesNotContain("caller-credential");
    }

    @Test
    void shouldOmitUsageTheEndpointDoesNotReport() {
        secret("no-usage", TOKEN);
        serve("no-usage", custom("quiet", "/custom-no-usage", ""), Phase.InferenceEnabled);
        awaitServed("no-usage", "quiet");

        ChatCompletion completion = openAi().chat().completions().create(chat("no-usage/quiet", "hi"));

        assertThat(completion.choices().getFirst().message().content()).contains("pong");
        assertThat(completion.usage()).isEmpty();
    }

    @Test
    void shouldServeAnOpenAiModel() {
        secret("openai", TOKEN);
        serve("openai", provider("gpt", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        awaitServed("openai", "gpt");

        ChatCompletion completion = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("openai/gpt").addSystemMessage("Be brief.").addUserMessage("Hi").maxCompletionTokens(5)
                .build());

        assertThat(completion.choices().getFirst().message().content()).contains("hello");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(9);
        JsonNode sent = readTree(upstream.last("/openai"));
        assertThat(sent.path("model").asText()).isEqualTo("upstream-model");
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(5);
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
        assertThat(sent.at("/messages/1/content").asText()).isEqualTo("Hi");
    }

    @Test
    void shouldTranslateToAndFromAnthropicMessages() {
        secret("anthropic", TOKEN);
        serve("anthropic", provider("claude", "AnthropicMessages", "/anthropic"), Phase.InferenceEnabled);
        awaitServed("anthropic", "claude");

        ChatCompletion completion = openAi().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("anthropic/claude").addSystemMessage("Answer in French.").addUserMessage("Hello")
                .build());

        assertThat(completion.choices().getFirst().message().content()).contains("bonjour");
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(12);
            assertThat(usage.completionTokens()).isEqualTo(3);
            assertThat(usage.totalTokens()).isEqualTo(15);
        });
        JsonNode sent = readTree(upstream.last("/anthropic"));
        assertThat(sent.path("model").asText()).isEqualTo("upstream-model");
        assertThat(sent.path("system").toString()).contains("Answer in French.");
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("user");
        assertThat(sent.at("/messages/0/content").toString()).contains("Hello");
        assertThat(sent.has("max_tokens")).isTrue();
    }

    @Test
    void shouldListOnlyServedModelsAndOnlyTheHostsModelOnAPerModelService() throws Exception {
        secret("listed", TOKEN);
        serve("listed", custom("one", "/custom", ""), Phase.InferenceEnabled);
        serve("listed", custom("two", "/custom", ""), Phase.InferenceEnabled);
        serve("listed", custom("off", "/custom", ""), Phase.Ready);
        awaitServed("listed", "two");

        List<String> ids = openAi().models().list().data().stream().map(Model::id).toList();
        assertThat(ids).contains("listed/one", "listed/two").doesNotContain("listed/off");
        assertThat(openAi().models().list().data()).filteredOn(m -> m.id().equals("listed/one")).singleElement()
                .satisfies(m -> assertThat(m.ownedBy()).isEqualTo("listed"));

        Request request = new Request.Builder().url(base + "v1/models").header("Host", "one-inference.listed.svc:8080")
                .build();
        try (Response response = HTTP.newCall(request).execute()) {
            assertThat(json(response).path("data").findValuesAsText("id")).containsExactly("listed/one");
        }
        try (Response response = post("/v1/chat/completions", "two-inference.listed.svc.cluster.local",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).path("model").asText()).isEqualTo("listed/two");
        }
    }

    @Test
    void shouldInvokeWithCustomVariables() throws Exception {
        secret("invoke", TOKEN);
        serve("invoke", custom("toned", "/custom", "variables: {custom: [{name: tone, type: String}]}"),
                Phase.InferenceEnabled);
        awaitServed("invoke", "toned");

        try (Response response = post("/api/v1/namespaces/invoke/externalmodels/toned/invoke", null,
                "{\"prompt\": \"Say pong\", \"variables\": {\"tone\": \"dry\"}}")) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(json(response).toString())
                    .isEqualTo("{\"output\":\"pong\",\"usage\":{\"inputTokens\":18,\"outputTokens\":1}}");
        }
        assertThat(upstream.last("/custom").getBody().utf8())
                .isEqualTo("{\"prompt\": \"Say pong\", \"tone\": \"dry\"}");
    }

    @Test
    void shouldAnswerErrorsInTheOpenAiShape() throws Exception {
        secret("errors", TOKEN);
        serve("errors", provider("text-only", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        serve("errors", custom("limited", "/rate-limited", ""), Phase.InferenceEnabled);
        serve("errors", custom("broken", "/broken", ""), Phase.InferenceEnabled);
        serve("errors", custom("slow", "/slow", ""), Phase.InferenceEnabled);
        awaitServed("errors", "slow");

        OpenAIServiceException image = failure(ChatCompletionCreateParams.builder().model("errors/text-only")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What?")
                                .build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("https://example.com/a.png").build())
                                .build())))
                .build());
        assertError(image, 400, "FeatureNotSupported");
        assertThat(image.getMessage()).containsIgnoringCase("image");
        assertError(failure(chat("errors/unknown", "hi")), 404, "model_not_found");
        assertError(failure(chat("no-slash", "hi")), 404, "model_not_found");
        OpenAIServiceException limited = failure(chat("errors/limited", "hi"));
        assertError(limited, 429, "rate_limit_exceeded");
        assertThat(limited.headers().values("Retry-After")).containsExactly("7");
        assertError(failure(chat("errors/broken", "hi")), 502, "HTTPStatus");
        assertError(failure(chat("errors/slow", "hi")), 504, "Timeout");

        try (Response response = post("/v1/chat/completions", null, "{\"pad\": \"" + "x".repeat(1 << 20) + "\"}")) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("request_too_large");
        }
    }

    @Test
    void shouldStopServingAsSoonAsThePhaseLeavesInferenceEnabled() {
        secret("toggle", TOKEN);
        ExternalModel model = serve("toggle", custom("flip", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("toggle", "flip");
        assertThat(openAi().chat().completions().create(chat("toggle/flip", "hi")).choices()).hasSize(1);

        model.getStatus().phase = Phase.Ready;
        client.resources(ExternalModel.class).inNamespace("toggle").resource(model).updateStatus();

        await("toggle/flip answered 404", () -> {
            try {
                openAi().chat().completions().create(chat("toggle/flip", "hi"));
                return false;
            } catch (OpenAIServiceException e) {
                return e.statusCode() == 404;
            }
        });
    }

    @Test
    void shouldUseARotatedSecretOnTheNextRequest() {
        secret("rotation", TOKEN);
        serve("rotation", custom("rotating", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("rotation", "rotating");
        openAi().chat().completions().create(chat("rotation/rotating", "hi"));
        assertThat(header(upstream.last("/custom"), "Authorization")).isEqualTo("Bearer " + TOKEN);

        secret("rotation", TOKEN + "-rotated");
        await("the rotated token upstream", () -> {
            openAi().chat().completions().create(chat("rotation/rotating", "hi"));
            return ("Bearer " + TOKEN + "-rotated").equals(header(upstream.last("/custom"), "Authorization"));
        });
    }

    @Test
    void shouldStreamChunksWithAFinalUsageChunk() {
        secret("streams", TOKEN);
        serve("streams", provider("gpt", "OpenAIChatCompletions", "/openai-stream"), Phase.InferenceEnabled);
        serve("streams", provider("claude", "AnthropicMessages", "/anthropic-stream"), Phase.InferenceEnabled);
        serve("streams", custom("plain", "/custom", ""), Phase.InferenceEnabled);
        serve("streams", provider("no-stream", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        awaitServed("streams", "no-stream");

        List<ChatCompletionChunk> gpt = chunks("streams/gpt");
        assertThat(content(gpt)).isEqualTo("hello");
        assertThat(finishReasons(gpt)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage(gpt)).containsExactly(7L, 2L, 9L);
        assertThat(gpt).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("streams/gpt"));
        assertThat(readTree(upstream.last("/openai-stream")).path("stream").asBoolean()).isTrue();

        List<ChatCompletionChunk> claude = chunks("streams/claude");
        assertThat(content(claude)).isEqualTo("bonjour");
        assertThat(finishReasons(claude)).containsExactly(ChatCompletionChunk.Choice.FinishReason.LENGTH);
        assertThat(usage(claude)).containsExactly(12L, 3L, 15L);
        assertThat(readTree(upstream.last("/anthropic-stream")).path("stream").asBoolean()).isTrue();

        List<ChatCompletionChunk> plain = chunks("streams/plain");
        assertThat(content(plain)).isEqualTo("pong");
        assertThat(finishReasons(plain)).containsExactly(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(usage(plain)).containsExactly(18L, 1L, 19L);

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> chunks("streams/no-stream"));
        assertThat(refused).isInstanceOf(OpenAIServiceException.class);
        assertError((OpenAIServiceException) refused, 400, "FeatureNotSupported");
        assertThat(refused.getMessage()).contains("streaming");
    }

    @Test
    void shouldCancelTheUpstreamWhenTheCallerDisconnects() throws Exception {
        try (EndlessStream endless = new EndlessStream()) {
            secret("hangup", TOKEN);
            serve("hangup", provider("endless", "OpenAIChatCompletions", "/endless-stream")
                    .replace(upstream.url("/endless-stream"), endless.url()), Phase.InferenceEnabled);
            awaitServed("hangup", "endless");

            try (Response response = post("/v1/chat/completions", null, "{\"model\": \"hangup/endless\", "
                    + "\"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.body().source().readUtf8Line()).startsWith("data: ").contains("tick");
            }

            assertThat(endless.hungUp.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                    .as("the gateway closed the upstream connection").isTrue();
        }
    }

    List<ChatCompletionChunk> chunks(String model) {
        try (StreamResponse<ChatCompletionChunk> stream = openAi().chat().completions()
                .createStreaming(chat(model, "hi"))) {
            return stream.stream().toList();
        }
    }

    static String content(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    }

    static List<ChatCompletionChunk.Choice.FinishReason> finishReasons(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream()).toList();
    }

    /** Prompt, completion and total tokens of the usage chunks. */
    static List<Long> usage(List<ChatCompletionChunk> chunks) {
        return chunks.stream().flatMap(chunk -> chunk.usage().stream())
                .flatMap(u -> java.util.stream.Stream.of(u.promptTokens(), u.completionTokens(), u.totalTokens()))
                .toList();
    }

    OpenAIServiceException failure(ChatCompletionCreateParams params) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> openAi().chat().completions().create(params));
        assertThat(thrown).isInstanceOf(OpenAIServiceException.class);
        return (OpenAIServiceException) thrown;
    }

    static void assertError(OpenAIServiceException e, int status, String code) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.code()).contains(code);
        assertThat(e.getMessage()).doesNotContain("secret-upstream-detail");
    }

    static JsonNode readTree(RecordedRequest request) {
        try {
            return MAPPER.readTree(request.getBody().utf8());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
