package dev.modelport.connectivity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.Invocation;
import dev.modelport.adapter.JsonBodies;
import dev.modelport.adapter.ModelResponse;
import dev.modelport.adapter.ModelStructures;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.UpstreamRoute;
import dev.modelport.adapter.detect.Candidate;
import dev.modelport.adapter.detect.Detection;
import dev.modelport.adapter.detect.PathDetector;
import dev.modelport.api.v1alpha1.DetectedPaths;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.PathCandidate;
import dev.modelport.api.v1alpha1.PathCandidates;
import dev.modelport.api.v1alpha1.ResponsePaths;
import dev.modelport.tracing.Tracing;
import dev.modelport.tracing.UpstreamTrace;
import dev.modelport.upstream.CredentialResolver;
import dev.modelport.upstream.Redaction;
import dev.modelport.upstream.ResolvedEndpoint;
import dev.modelport.upstream.SecretSource;
import dev.modelport.upstream.UpstreamClient;
import dev.modelport.upstream.UpstreamResponse;
import dev.modelport.validation.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

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
    /** How much of the raw answer {@code test --show-response} prints: 4 KiB of text. */
    public static final int RAW_ANSWER_LIMIT = 4096;
    private static final Consumer<String> NO_ANSWER_SHOWN = answer -> { };

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
        return run(spec, secrets, UpstreamTrace.OFF, NO_ANSWER_SHOWN);
    }

    /**
     * {@link #run(ExternalModelSpec, SecretSource)}, handing the endpoint's answer to the test call, as text with the
     * endpoint's secrets redacted and cut to its first {@value #RAW_ANSWER_LIMIT} characters, to rawAnswer: what the
     * {@code test} command shows a person writing paths. Never called by the operator.
     */
    public TestResult run(ExternalModelSpec spec, SecretSource secrets, Consumer<String> rawAnswer) {
        return run(spec, secrets, UpstreamTrace.OFF, rawAnswer);
    }

    private TestResult run(ExternalModelSpec spec, SecretSource secrets, UpstreamTrace trace) {
        return run(spec, secrets, trace, NO_ANSWER_SHOWN);
    }

    private TestResult run(ExternalModelSpec spec, SecretSource secrets, UpstreamTrace trace,
            Consumer<String> rawAnswer) {
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
            Structure structure = ModelStructures.of(spec, null);
            if (structure.alwaysStreams()) {
                // The endpoint answers only as a stream: the test's one call is the streamed one.
                detected = new DetectedPaths();
                StreamedTest.Answer answer = streamed.run(client, endpoint, structure, invocation, timeout(spec),
                        trace.traceparent(), detected);
                effective = ModelStructures.effectivePaths(spec, detected);
                if (rawAnswer != NO_ANSWER_SHOWN) {
                    rawAnswer.accept(rawAnswer(answer.body(), endpoint));
                }
                lastTest.httpStatus = answer.status();
                trace.status(answer.status());
                trace.answered(answer.response());
                answered(lastTest, answer.response());
                return new TestResult(finish(lastTest, startNanos), detected, effective, null, credentialsHash);
            }
            String body = structure.render(invocation);
            UpstreamResponse response = client.call(endpoint, body, timeout(spec), trace.traceparent());
            lastTest.httpStatus = response.status();
            trace.status(response.status());
            if (rawAnswer != NO_ANSWER_SHOWN) {
                rawAnswer.accept(rawAnswer(response.body(), endpoint));
            }
            JsonNode json = JsonBodies.parse(response.body());
            detected = detect(spec, json, invocation.prompt());
            effective = ModelStructures.effectivePaths(spec, detected);
            ModelResponse answer = ModelStructures.of(spec, detected).parse(json);
            trace.answered(answer);
            answered(lastTest, answer);
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

    private static void answered(LastTest lastTest, ModelResponse answer) {
        lastTest.outputSample = sample(answer.output());
        lastTest.inputTokens = answer.usage().inputTokens();
        lastTest.outputTokens = answer.usage().outputTokens();
    }

    /** The whole body redacted first, so that a secret cut at the limit shows no part of itself. */
    private static String rawAnswer(byte[] body, ResolvedEndpoint endpoint) {
        String text = Redaction.redact(new String(body, StandardCharsets.UTF_8), endpoint);
        return text.length() <= RAW_ANSWER_LIMIT ? text : text.substring(0, RAW_ANSWER_LIMIT);
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
        if (!detection.candidates().isEmpty() || !detection.inputTokensCandidates().isEmpty()
                || !detection.outputTokensCandidates().isEmpty()) {
            paths.candidates = new PathCandidates();
            paths.candidates.outputPath = candidates(detection.candidates());
            paths.candidates.inputTokensPath = candidates(detection.inputTokensCandidates());
            paths.candidates.outputTokensPath = candidates(detection.outputTokensCandidates());
        }
        return paths;
    }

    private static List<PathCandidate> candidates(List<Candidate> runnersUp) {
        return runnersUp.isEmpty() ? null
                : runnersUp.stream().map(c -> PathCandidate.of(c.path(), c.confidence())).toList();
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
