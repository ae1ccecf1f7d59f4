package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.InferenceStatus;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.gateway.models.ModelRegistry;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import dev.modelport.testing.Secrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the gateway tests share: the upstreams on 127.0.0.1, models created in the mock API server as the operator
 * would leave them, the official OpenAI client as the caller, and bounded waits.
 */
public abstract class GatewayTestBase {

    static final String TOKEN = "model-token-31f";
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient();
    static FakeUpstream upstream;

    @Inject
    KubernetesClient client;

    @Inject
    ModelRegistry registry;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    /** Starts the informers as the gateway command does; later calls do nothing. */
    @BeforeEach
    void startRegistry() {
        registry.start();
    }

    OpenAIClient openAi() {
        return OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey("caller-credential").maxRetries(0)
                .build();
    }

    /** A custom model calling the path; with {@code extra}, a line beside its body that declares {{tone}}. */
    static String custom(String name, String path, String extra) {
        ModelYaml model = ModelYaml.custom(name).endpoint(upstream.url(path)).inference(true);
        if (!extra.isEmpty()) {
            model.body("{\"prompt\": \"{{prompt}}\", \"tone\": \"{{tone}}\"}").customLine(extra);
        }
        return model.yaml();
    }

    /** A model of the provider's API calling the path, streaming when the path ends in -stream. */
    static String provider(String name, String api, String path) {
        return ModelYaml.provider(name, api).endpoint(upstream.url(path)).streaming(path.endsWith("-stream"))
                .inference(true).yaml();
    }

    /** Creates the model as the operator would leave it: with a status in the given phase. */
    ExternalModel serve(String namespace, String yaml, Phase phase) {
        ExternalModel model = Serialization.unmarshal(yaml, ExternalModel.class);
        model.setStatus(new ExternalModelStatus());
        if (model.getSpec().configuration.custom != null) {
            model.getStatus().detectedPaths = new DetectedPaths();
            model.getStatus().detectedPaths.outputPath = "$.result.text";
            model.getStatus().detectedPaths.inputTokensPath = "$.meta.tokens.in";
            model.getStatus().detectedPaths.outputTokensPath = "$.meta.tokens.out";
        }
        asTheOperatorLeavesIt(model, phase);
        ExternalModel created = client.resources(ExternalModel.class).inNamespace(namespace).resource(model)
                .create();
        assertThat(created.getStatus().phase).as("the mock API server keeps a status given at create")
                .isEqualTo(phase);
        return created;
    }

    /**
     * The status the operator writes for a phase: InferenceEnabled serves the model's current spec (as its
     * generation, tested), every other phase serves nothing.
     */
    public static void asTheOperatorLeavesIt(ExternalModel model, Phase phase) {
        ExternalModelStatus status = model.getStatus();
        status.phase = phase;
        if (phase != Phase.InferenceEnabled) {
            status.inference = null;
            return;
        }
        status.inference = new InferenceStatus();
        status.inference.generation = model.getMetadata().getGeneration() == null ? 1L
                : model.getMetadata().getGeneration();
        status.inference.spec = MAPPER.valueToTree(model.getSpec());
        status.inference.detectedPaths = status.detectedPaths;
    }

    void secret(String namespace, String token) {
        secret(namespace, "creds", token);
    }

    void secret(String namespace, String name, String token) {
        String version = client.secrets().inNamespace(namespace).resource(Secrets.credentials(name, token))
                .createOr(s -> s.update()).getMetadata().getResourceVersion();
        // The gateway's Secret informer is apart from its model informer: a model served before the Secret
        // arrived would answer CredentialsMissing.
        await("Secret " + namespace + "/" + name + " seen by the gateway", () -> {
            Secret seen = registry.secrets(namespace).secret(name);
            return seen != null && version.equals(seen.getMetadata().getResourceVersion());
        });
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
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

    OpenAIServiceException failure(ChatCompletionCreateParams params) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> openAi().chat().completions().create(params));
        assertThat(thrown).isInstanceOf(OpenAIServiceException.class);
        return (OpenAIServiceException) thrown;
    }

    static void assertError(OpenAIServiceException e, int status, String code) {
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.code()).contains(code);
        assertThat(e.getMessage()).doesNotContain(ModelAnswers.UPSTREAM_DETAIL);
    }

    static JsonNode readTree(RecordedRequest request) {
        try {
            return MAPPER.readTree(request.getBody().utf8());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
