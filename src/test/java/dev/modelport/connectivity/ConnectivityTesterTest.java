package dev.modelport.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.InMemoryTracing;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connectivity test lets status show of the endpoint's answer: the start of a passed test's answer, at most
 * 200 characters, and nothing of an answer that failed the test or of an endpoint the policy refuses.
 */
class ConnectivityTesterTest {

    private static final String CANARY = "internal-answer-5c1";
    private static final String PATH = "/generate";
    private final FakeUpstream upstream = new FakeUpstream();
    private final ConnectivityTester loopbackAllowed = new ConnectivityTester(new UpstreamClient(
            UpstreamSettings.DEFAULTS.withPolicy(EndpointPolicy.of(true, List.of()))), Clock.systemUTC());

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void shouldKeepAtMost200CharactersOfAPassedTestsAnswer() {
        upstream.enqueue(PATH, ModelAnswers.json("{\"result\": {\"text\": \"" + "a".repeat(500) + "\"}}"));
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url(PATH))), name -> null);
        assertThat(result.passed()).isTrue();
        assertThat(result.lastTest().outputSample).isEqualTo("a".repeat(200));
    }

    @Test
    void shouldShowNothingOfAnAnswerThatFailedTheTest() {
        upstream.enqueue(PATH, ModelAnswers.json("{\"unexpected\": \"" + CANARY + "\"}"));
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url(PATH))
                .customLine("response: {outputPath: $.result.text}")), name -> null);
        assertThat(result.passed()).isFalse();
        assertThat(result.failure().category()).isEqualTo(FailureCategory.PathNotFound);
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(Serialization.asYaml(result)).doesNotContain(CANARY);
    }

    @Test
    void shouldShowNothingOfAnErrorAnswer() {
        upstream.enqueue(PATH, new MockResponse.Builder().code(403).body("{\"error\": \"" + CANARY + "\"}").build());
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url(PATH))), name -> null);
        assertThat(result.lastTest().httpStatus).isEqualTo(403);
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(Serialization.asYaml(result)).doesNotContain(CANARY);
    }

    @Test
    void shouldNotCallAnEndpointThePolicyRefuses() {
        ConnectivityTester defaults = new ConnectivityTester(new UpstreamClient(UpstreamSettings.DEFAULTS),
                Clock.systemUTC());
        TestResult result = defaults.run(spec(manifest(upstream.url(PATH))), name -> null);
        assertThat(result.failure().category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(result.lastTest().httpStatus).isNull();
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void shouldTraceEachTestAsOneSpanWhoseContextTheEndpointReceives() {
        try (InMemoryTracing memory = new InMemoryTracing()) {
            ConnectivityTester traced = new ConnectivityTester(new UpstreamClient(UpstreamSettings.DEFAULTS
                    .withPolicy(EndpointPolicy.of(true, List.of()))), Clock.systemUTC(), memory.tracing());
            ExternalModelSpec spec = spec(manifest(upstream.url(PATH)));
            upstream.enqueue(PATH, ModelAnswers.json("{\"result\": {\"text\": \"Pong, says " + CANARY + ".\"}}"),
                    new MockResponse.Builder().code(503).body("{\"error\": \"" + CANARY + "\"}").build());

            assertThat(traced.run("team-a", "support", spec, name -> null).passed()).isTrue();
            assertThat(traced.run("team-a", "support", spec, name -> null).passed()).isFalse();

            assertThat(memory.spans()).hasSize(2);
            SpanData passed = memory.spans().get(0);
            SpanData failed = memory.spans().get(1);
            assertThat(upstream.received(PATH)).extracting(r -> r.request().getHeaders().get("traceparent"))
                    .containsExactly("00-" + passed.getTraceId() + "-" + passed.getSpanId() + "-01",
                            "00-" + failed.getTraceId() + "-" + failed.getSpanId() + "-01");
            for (SpanData span : memory.spans()) {
                assertThat(span.getName()).isEqualTo("connectivity test");
                assertThat(span.getAttributes().get(AttributeKey.stringKey("modelport.model.namespace")))
                        .isEqualTo("team-a");
                assertThat(span.getAttributes().get(AttributeKey.stringKey("modelport.model.name")))
                        .isEqualTo("support");
                assertThat(span.getAttributes().asMap().values()).allSatisfy(value -> assertThat(value.toString())
                        .doesNotContain(CANARY).doesNotContain("ping"));
            }
            assertThat(passed.getAttributes().get(AttributeKey.stringKey("modelport.test.outcome")))
                    .isEqualTo("Passed");
            assertThat(passed.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("modelport.test.outcome")))
                    .isEqualTo("HTTPStatus");
            assertThat(failed.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        }
    }

    @Test
    void shouldProposeTheDeltaPathFromAStreamedCallAndReadTheStreamWithTheModelsPaths() {
        String stream = "data:{\"token\":{\"id\":1,\"text\":\"Po\"},\"generated_text\":null,\"details\":null}\n\n"
                + "data:{\"token\":{\"id\":2,\"text\":\"ng\"},\"generated_text\":\"Pong\","
                + "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":2}}\n\n";
        upstream.enqueue(PATH, ModelAnswers.json("{\"generated_text\": \"Pong\"}"), ModelAnswers.json(stream),
                ModelAnswers.json("{\"generated_text\": \"Pong\"}"), ModelAnswers.json(stream));
        ExternalModelSpec good = streaming("$.token.text");
        TestResult passed = loopbackAllowed.run(good, name -> null);
        assertThat(passed.passed()).isTrue();
        assertThat(passed.detectedPaths().deltaPath).isEqualTo("$.token.text");
        assertThat(upstream.received(PATH)).extracting(r -> r.request().getBody().utf8())
                .containsExactly("{\"inputs\": \"ping\", \"stream\": false}",
                        "{\"inputs\": \"ping\", \"stream\": true}");

        TestResult wrong = loopbackAllowed.run(streaming("$.token.txt"), name -> null);
        assertThat(wrong.passed()).isFalse();
        assertThat(wrong.failure().category()).isEqualTo(FailureCategory.PathNotFound);
        assertThat(wrong.failure().getMessage()).contains("streaming.deltaPath selects no text");
        assertThat(wrong.detectedPaths().deltaPath).as("the proposal that corrects it").isEqualTo("$.token.text");
    }

    private ExternalModelSpec streaming(String deltaPath) {
        ExternalModelSpec spec = spec(manifest(upstream.url(PATH)).body("{\"inputs\": \"{{prompt}}\", \"stream\": "
                + "{{stream}}}").customLine("streaming: {format: SSE, deltaPath: '" + deltaPath + "', "
                + "doneWhen: {path: $.generated_text}}"));
        spec.test.stream = true;
        return spec;
    }

    @Test
    void shouldTestAnImageOnlyModelOnItsImageRouteAndShowNoImageData() {
        upstream.enqueue("/v1/images/generations", ModelAnswers.json(
                "{\"created\": 1, \"data\": [{\"b64_json\": \"" + CANARY + "\"}]}"),
                ModelAnswers.json("{\"created\": 1, \"data\": []}"));
        ExternalModelSpec spec = spec(ModelYaml.provider("painter", "OpenAIChatCompletions").authorization(null)
                .endpoint(upstream.url("/v1/chat/completions")).modalities("TextToImage").testPrompt("a fox"));

        TestResult passed = loopbackAllowed.run(spec, name -> null);
        TestResult failed = loopbackAllowed.run(spec, name -> null);

        assertThat(passed.passed()).isTrue();
        assertThat(passed.lastTest().outputSample).isEqualTo("an image (" + CANARY.length() + " base64 characters)");
        assertThat(readTree(upstream.last("/v1/images/generations"))).isEqualTo(readTree(
                "{\"model\": \"upstream-model\", \"prompt\": \"a fox\", \"n\": 1}"));
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.PathNotFound);
        assertThat(upstream.count("/v1/chat/completions")).isZero();
    }

    private static JsonNode readTree(RecordedRequest request) {
        return readTree(request.getBody().utf8());
    }

    private static JsonNode readTree(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ExternalModelSpec spec(ModelYaml manifest) {
        return manifest.model().getSpec();
    }

    private static ModelYaml manifest(String endpoint) {
        return ModelYaml.custom("m").namespace("n").endpoint(endpoint).authorization(null)
                .body("{\"input\": \"{{prompt}}\"}").testPrompt("ping");
    }
}
