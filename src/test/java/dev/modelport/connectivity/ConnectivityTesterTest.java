package dev.modelport.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.testing.FakeUpstream;
import dev.modelport.testing.ModelAnswers;
import dev.modelport.testing.ModelYaml;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
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

    private static ExternalModelSpec spec(ModelYaml manifest) {
        return manifest.model().getSpec();
    }

    private static ModelYaml manifest(String endpoint) {
        return ModelYaml.custom("m").namespace("n").endpoint(endpoint).authorization(null)
                .body("{\"input\": \"{{prompt}}\"}").testPrompt("ping");
    }
}
