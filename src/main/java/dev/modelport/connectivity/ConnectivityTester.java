package dev.modelport.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.ModelStructures;
import dev.modelport.adapter.UpstreamRoute;
import dev.modelport.adapter.detect.Detection;
import dev.modelport.adapter.detect.PathDetector;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.ResponsePaths;
import dev.modelport.tracing.Tracing;
import dev.modelport.tracing.UpstreamTrace;
import dev.modelport.upstream.CredentialResolver;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.SecretSource;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamResponse;
import dev.modelport.validation.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The Test button: calls a model once with its spec.test input through the same adapter and upstream client the
 * gateway uses, detects where the answer and token counts are, and reports what the operator writes to status.
 * With spec.test.stream, a streamed call follows ({@link StreamedTest}): its events propose the delta path and
 * must read with the model's streaming paths.
 * The spec must have passed validation.
 */
public final class ConnectivityTester {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int OUTPUT_SAMPLE_LIMIT = 200;

    private final UpstreamClient client;
    private final PathDetector detector = new PathDetector();
    private final StreamedTest streamed = new StreamedTest();
    private final Clock clock;
    private final Tracing tracing;

    /** A tester whose tests are not traced (the test command). */
    public ConnectivityTester(UpstreamClient client, Clock clock) {
        this(client, clock, Tracing.OFF);
    }

    public ConnectivityTester(UpstreamClient client, Clock clock, Tracing tracing) {
        this.client = client;
        this.clock = clock;
        this.tracing = tracing;
    }

    /** Tests the model of that namespace and name, as one span of its own when tracing is on. */
    public TestResult run(String namespace, String name, ExternalModelSpec spec, SecretSource secrets) {
        UpstreamTrace trace = tracing.test(namespace, name, spec);
        try {
            return run(spec, secrets, trace);
        } finally {
            trace.end();
        }
    }

    public TestResult run(ExternalModelSpec spec, SecretSource secrets) {
        return run(spec, secrets, UpstreamTrace.OFF);
    }

    private TestResult run(ExternalModelSpec spec, SecretSource secrets, UpstreamTrace trace) {
        Instant start = clock.instant();
        long startNanos = System.nanoTime();
        LastTest lastTest = new LastTest();
        lastTest.time = start.truncatedTo(ChronoUnit.SECONDS);
        String credentialsHash = null;
        DetectedPaths detected = null;
        ResponsePaths effective = ModelStructures.effectivePaths(spec, null);
        try {
            ResolvedEndpoint endpoint = CredentialResolver.resolve(spec, secrets);
            credentialsHash = endpoint.credentialsHash();
            if (ImageRouteTest.applies(spec)) {
                UpstreamResponse response = client.call(endpoint.withUrl(UpstreamRoute.OPENAI_IMAGES.url(
                        spec.endpoint)), ImageRouteTest.body(spec), timeout(spec), trace.traceparent());
                lastTest.httpStatus = response.status();
                trace.status(response.status());
                lastTest.outputSample = ImageRouteTest.sample(JsonBodies.parse(response.body()));
                return new TestResult(finish(lastTest, startNanos), null, effective, null, credentialsHash);
            }
            Invocation invocation = Invocation.fromTest(spec.test);
            String body = ModelStructures.of(spec, null).render(invocation);
            UpstreamResponse response = client.call(endpoint, body, timeout(spec), trace.traceparent());
            lastTest.httpStatus = response.status();
            trace.status(response.status());
            JsonNode json = JsonBodies.parse(response.body());
            detected = detect(spec, json, invocation.prompt());
            effective = ModelStructures.effectivePaths(spec, detected);
            ModelResponse answer = ModelStructures.of(spec, detected).parse(json);
            trace.answered(answer);
            lastTest.outputSample = sample(answer.output());
            lastTest.inputTokens = answer.usage().inputTokens();
            lastTest.outputTokens = answer.usage().outputTokens();
            if (Boolean.TRUE.equals(spec.test.stream) && spec.configuration.custom != null
                    && spec.configuration.custom.streaming != null) {
                streamed.run(client, endpoint, ModelStructures.of(spec, detected), invocation, timeout(spec),
                        trace.traceparent(), detected);
            }
            return new TestResult(finish(lastTest, startNanos), detected, effective, null, credentialsHash);
        } catch (AdapterException e) {
            trace.failed(e);
            if (e.httpStatus() != null) {
                lastTest.httpStatus = e.httpStatus();
            }
            return new TestResult(finish(lastTest, startNanos), detected, effective, e, credentialsHash);
        }
    }

    private DetectedPaths detect(ExternalModelSpec spec, JsonNode json, String prompt) {
        Detection detection = spec.configuration.provider != null
                ? ModelStructures.knownPaths(spec.configuration.provider.api)
                : detector.detect(json, prompt);
        DetectedPaths paths = new DetectedPaths();
        paths.outputPath = detection.outputPath();
        paths.inputTokensPath = detection.inputTokensPath();
        paths.outputTokensPath = detection.outputTokensPath();
        paths.confidence = detection.outputPath() == null ? null : Math.round(detection.confidence() * 100) / 100.0;
        return paths;
    }

    private static Duration timeout(ExternalModelSpec spec) {
        Duration timeout = Durations.parse(spec.test.timeout);
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    private static LastTest finish(LastTest lastTest, long startNanos) {
        lastTest.durationMillis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return lastTest;
    }

    /** The start of the answer, at most 200 characters, never cutting a surrogate pair in two. */
    static String sample(String output) {
        if (output == null || output.length() <= OUTPUT_SAMPLE_LIMIT) {
            return output;
        }
        boolean splitsPair = Character.isHighSurrogate(output.charAt(OUTPUT_SAMPLE_LIMIT - 1));
        return output.substring(0, splitsPair ? OUTPUT_SAMPLE_LIMIT - 1 : OUTPUT_SAMPLE_LIMIT);
    }
}
