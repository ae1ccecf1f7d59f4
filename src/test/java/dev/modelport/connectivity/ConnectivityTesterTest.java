package dev.modelport.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.upstream.EndpointPolicy;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamSettings;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a connectivity test lets status show of the endpoint's answer: the start of a passed test's answer, at most
 * 200 characters, and nothing of an answer that failed the test or of an endpoint the policy refuses.
 */
class ConnectivityTesterTest {

    private static final String CANARY = "internal-answer-5c1";
    private final MockWebServer upstream = new MockWebServer();
    private final ConnectivityTester loopbackAllowed = new ConnectivityTester(new UpstreamClient(
            UpstreamSettings.DEFAULTS.withPolicy(EndpointPolicy.of(true, List.of()))), Clock.systemUTC());

    @BeforeEach
    void start() throws IOException {
        upstream.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void shouldKeepAtMost200CharactersOfAPassedTestsAnswer() {
        upstream.enqueue(json("{\"result\": {\"text\": \"" + "a".repeat(500) + "\"}}"));
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url("/generate").toString())), name -> null);
        assertThat(result.passed()).isTrue();
        assertThat(result.lastTest().outputSample).isEqualTo("a".repeat(200));
    }

    @Test
    void shouldShowNothingOfAnAnswerThatFailedTheTest() {
        upstream.enqueue(json("{\"unexpected\": \"" + CANARY + "\"}"));
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url("/generate").toString())
                .replace("body:", "response: {outputPath: $.result.text}\n      body:")), name -> null);
        assertThat(result.passed()).isFalse();
        assertThat(result.failure().category()).isEqualTo(FailureCategory.PathNotFound);
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(Serialization.asYaml(result)).doesNotContain(CANARY);
    }

    @Test
    void shouldShowNothingOfAnErrorAnswer() {
        upstream.enqueue(new MockResponse.Builder().code(403).body("{\"error\": \"" + CANARY + "\"}").build());
        TestResult result = loopbackAllowed.run(spec(manifest(upstream.url("/generate").toString())), name -> null);
        assertThat(result.lastTest().httpStatus).isEqualTo(403);
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(Serialization.asYaml(result)).doesNotContain(CANARY);
    }

    @Test
    void shouldNotCallAnEndpointThePolicyRefuses() {
        ConnectivityTester defaults = new ConnectivityTester(new UpstreamClient(UpstreamSettings.DEFAULTS),
                Clock.systemUTC());
        TestResult result = defaults.run(spec(manifest(upstream.url("/generate").toString())), name -> null);
        assertThat(result.failure().category()).isEqualTo(FailureCategory.EndpointNotAllowed);
        assertThat(result.lastTest().httpStatus).isNull();
        assertThat(result.lastTest().outputSample).isNull();
        assertThat(upstream.getRequestCount()).isZero();
    }

    private static ExternalModelSpec spec(String manifest) {
        return Serialization.unmarshal(manifest, ExternalModel.class).getSpec();
    }

    private static String manifest(String endpoint) {
        return """
                apiVersion: modelport.dev/v1alpha1
                kind: ExternalModel
                metadata: {name: m, namespace: n}
                spec:
                  endpoint: %s
                  configuration:
                    custom:
                      body: '{"input": "{{prompt}}"}'
                  test: {prompt: ping}
                """.formatted(endpoint);
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
    }
}
