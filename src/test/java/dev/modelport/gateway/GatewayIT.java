package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The gateway end to end: the official OpenAI client calls Quarkus's server, the registry reads ExternalModels and
 * Secrets from the fabric8 mock API server (CRUD mode), upstreams are real HTTP on 127.0.0.1. Waits are bounded.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayIT extends GatewayTestBase {

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
    void shouldPassAPlainRequestAndItsAnswerThroughToAnOpenAiModelAsTheyAreButForTheModel() throws Exception {
        secret("openai-pt", TOKEN);
        serve("openai-pt", provider("gpt", "OpenAIChatCompletions", "/openai"), Phase.InferenceEnabled);
        awaitServed("openai-pt", "gpt");
        String body = "{\"model\": \"openai-pt/gpt\", \"temperature\": 0.50, \"messages\": "
                + "[{\"role\": \"user\", \"content\": \"Hi \\u00e9\"}]}";

        try (Response response = post("/v1/chat/completions", null, body)) {
            assertThat(response.code()).isEqualTo(200);
            JsonNode answer = json(response);
            // The endpoint's own completion: its id and created, the served model's name.
            assertThat(answer.path("id").asText()).isEqualTo("c1");
            assertThat(answer.path("created").asLong()).isEqualTo(1);
            assertThat(answer.path("model").asText()).isEqualTo("openai-pt/gpt");
            assertThat(answer.at("/usage/total_tokens").asInt()).isEqualTo(9);
        }
        assertThat(upstream.last("/openai").getBody().utf8())
                .isEqualTo(body.replace("openai-pt/gpt", "upstream-model"));
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
        serve("errors", custom("not-json", "/not-json", ""), Phase.InferenceEnabled);
        serve("errors", custom("no-credentials", "/custom", "").replace("name: creds", "name: missing"),
                Phase.InferenceEnabled);
        secret("errors", "empty-creds", "");
        serve("errors", custom("empty-credentials", "/custom", "").replace("name: creds", "name: empty-creds"),
                Phase.InferenceEnabled);
        awaitServed("errors", "no-credentials");
        awaitServed("errors", "empty-credentials");

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
        assertError(failure(chat("errors/not-json", "hi")), 502, "InvalidJson");
        assertError(failure(chat("errors/no-credentials", "hi")), 503, "CredentialsMissing");
        assertError(failure(chat("errors/empty-credentials", "hi")), 503, "CredentialsRefused");

        try (Response response = post("/v1/chat/completions", null, "{\"model\": \"errors/limited\", "
                + "\"messages\": [")) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("InvalidInput");
        }
        try (Response response = post("/api/v1/namespaces/errors/externalmodels/unknown/invoke", null,
                "{\"prompt\": \"hi\"}")) {
            assertThat(response.code()).isEqualTo(404);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("model_not_found");
        }
        try (Response response = post("/api/v1/namespaces/errors/externalmodels/limited/invoke", null,
                "{\"prompt\": \"hi\", \"variables\": {\"nope\": 1}}")) {
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).at("/error/message").asText()).contains("nope");
        }

        try (Response response = post("/v1/chat/completions", null, "{\"pad\": \"" + "x".repeat(1 << 20) + "\"}")) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).at("/error/code").asText()).isEqualTo("request_too_large");
        }
    }

    @Test
    void shouldStopServingWhenToggledOffServeAgainWhenToggledOnAndStopWhenDeleted() {
        secret("toggle", TOKEN);
        ExternalModel model = serve("toggle", custom("flip", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("toggle", "flip");
        assertThat(openAi().chat().completions().create(chat("toggle/flip", "hi")).choices()).hasSize(1);

        setPhase(model, Phase.Ready);
        awaitAnswer("toggle/flip", 404);

        setPhase(model, Phase.InferenceEnabled);
        awaitAnswer("toggle/flip", 200);

        setPhase(model, Phase.Draft);
        awaitAnswer("toggle/flip", 404);
        setPhase(model, Phase.InferenceEnabled);
        awaitAnswer("toggle/flip", 200);

        // As the operator leaves it: a finalizer holds the object while it is being deleted.
        client.resources(ExternalModel.class).inNamespace("toggle").withName("flip")
                .edit(m -> {
                    m.getMetadata().getFinalizers().add("modelport.dev/finalizer");
                    return m;
                });
        client.resources(ExternalModel.class).inNamespace("toggle").withName("flip").delete();
        assertThat(client.resources(ExternalModel.class).inNamespace("toggle").withName("flip").get()
                .getMetadata().getDeletionTimestamp()).as("still there, being deleted").isNotNull();
        awaitAnswer("toggle/flip", 404);
        assertThat(registry.find("toggle", "flip")).isEmpty();
    }

    @Test
    void shouldStopServingAModelDeletedWithoutFinalizer() {
        secret("deleted", TOKEN);
        serve("deleted", custom("gone", "/custom", ""), Phase.InferenceEnabled);
        awaitServed("deleted", "gone");
        assertThat(openAi().chat().completions().create(chat("deleted/gone", "hi")).choices()).hasSize(1);

        client.resources(ExternalModel.class).inNamespace("deleted").withName("gone").delete();

        awaitAnswer("deleted/gone", 404);
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/models").build()).execute()) {
            assertThat(json(response).path("data").findValuesAsText("id")).doesNotContain("deleted/gone");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A served model whose Secret is deleted: at once (the gateway resolves credentials per request from its own
     * cache) and once the operator has marked the model Failed for it, callers get 503 in OpenAI's shape, never a
     * 404 saying the model does not exist, and nothing goes upstream; served again when the Secret is back.
     */
    @Test
    void shouldAnswer503WhileAServedModelsSecretIsMissing() throws Exception {
        secret("lost", TOKEN);
        ExternalModel model = serve("lost", custom("orphan", "/custom", ""),
                Phase.InferenceEnabled);
        awaitServed("lost", "orphan");
        assertThat(openAi().chat().completions().create(chat("lost/orphan", "hi")).choices()).hasSize(1);
        long calls = upstream.count("/custom");

        client.secrets().inNamespace("lost").withName("creds").delete();
        awaitAnswer("lost/orphan", 503);
        // As the operator leaves it (CredentialsMissing): Failed, no longer served.
        ExternalModel current = client.resources(ExternalModel.class).inNamespace("lost").withName("orphan").get();
        asTheOperatorLeavesIt(current, Phase.Failed);
        current.getStatus().conditions = List.of(
                condition(ConditionType.CREDENTIALS_RESOLVED, ConditionStatus.FALSE, "CredentialsMissing"),
                condition(ConditionType.INFERENCE_ENABLED, ConditionStatus.FALSE, "CredentialsMissing"));
        client.resources(ExternalModel.class).inNamespace("lost").resource(current).updateStatus();
        await("the registry to see the Failed model", () -> registry.find("lost", "orphan").isEmpty());

        assertError(failure(chat("lost/orphan", "hi")), 503, "CredentialsMissing");
        try (Response response = post("/v1/chat/completions", null, "{\"model\": \"lost/orphan\", \"stream\": true, "
                + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")) {
            assertThat(response.code()).isEqualTo(503);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("upstream_error");
            assertThat(error.path("code").asText()).isEqualTo("CredentialsMissing");
            assertThat(error.path("message").asText()).isEqualTo("the model's credentials are not available");
        }
        try (Response response = post("/api/v1/namespaces/lost/externalmodels/orphan/invoke", null,
                "{\"prompt\": \"hi\"}")) {
            assertThat(response.code()).isEqualTo(503);
        }
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "v1/models").build()).execute()) {
            assertThat(json(response).path("data").findValuesAsText("id")).doesNotContain("lost/orphan");
        }
        assertThat(upstream.count("/custom")).as("calls upstream without credentials").isEqualTo(calls);
        try (Response response = HTTP.newCall(new Request.Builder().url(base + "q/metrics").build()).execute()) {
            assertThat(response.body().string().lines()).as("the 503s counted for the model")
                    .anyMatch(line -> line.startsWith("modelport_gateway_requests_total{")
                            && line.contains("model=\"orphan\"") && line.contains("outcome=\"CredentialsMissing\""));
        }

        secret("lost", TOKEN);
        setPhase(model, Phase.InferenceEnabled);
        awaitAnswer("lost/orphan", 200);
    }

    private static Condition condition(ConditionType type, ConditionStatus status, String reason) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        condition.message = "Secret creds not found";
        return condition;
    }

    private void setPhase(ExternalModel model, Phase phase) {
        ExternalModel current = client.resources(ExternalModel.class).inNamespace(model.getMetadata().getNamespace())
                .withName(model.getMetadata().getName()).get();
        asTheOperatorLeavesIt(current, phase);
        client.resources(ExternalModel.class).inNamespace(current.getMetadata().getNamespace()).resource(current)
                .updateStatus();
    }

    /** Waits until a chat request to the model answers the status (200 or an error's). */
    private void awaitAnswer(String model, int status) {
        await(model + " answered " + status, () -> {
            try {
                openAi().chat().completions().create(chat(model, "hi"));
                return status == 200;
            } catch (OpenAIServiceException e) {
                return e.statusCode() == status;
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
}
