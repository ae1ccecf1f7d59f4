package dev.modelport.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.modelport.api.v1alpha1.Phase;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The total bounds of a streamed answer (here 1 MiB and 3 s): an endless stream ends at either with the error
 * event the OpenAI clients raise, the upstream call is cancelled, and the outcome is counted.
 */
@QuarkusTest
@TestProfile(GatewayStreamBoundsTestProfile.class)
@WithKubernetesTestServer(crud = true)
class GatewayStreamBoundsIT extends GatewayTestBase {

    static StreamingUpstream streams;

    @Inject
    MeterRegistry meters;

    @BeforeAll
    static void startStreams() throws Exception {
        streams = new StreamingUpstream();
    }

    @AfterAll
    static void stopStreams() throws Exception {
        streams.close();
    }

    @Test
    void shouldEndAStreamAtItsByteLimitWithTheErrorEvent() throws Exception {
        serveStream("bytes", "/endless-fast");

        Outcome outcome = read("bounds-bytes/endless");

        assertThat(outcome.failure().code()).contains("stream_too_large");
        assertThat(outcome.failure().type()).contains("upstream_error");
        assertThat(outcome.failure().getMessage()).contains("1048576 bytes");
        assertThat(outcome.content()).as("content before the limit").hasSizeBetween(512 * 1024, 1024 * 1024);
        assertThat(streams.hungUp(WAIT)).as("the upstream call cancelled").isTrue();
        assertThat(outcomes("bounds-bytes", "stream_too_large")).isEqualTo(1);
    }

    @Test
    void shouldEndAStreamAtItsDurationLimitWithTheErrorEvent() throws Exception {
        serveStream("duration", "/endless");

        long start = System.nanoTime();
        Outcome outcome = read("bounds-duration/endless");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.failure().code()).contains("stream_too_long");
        assertThat(outcome.failure().getMessage()).contains("3 s");
        assertThat(outcome.content()).startsWith("tick tick ");
        assertThat(took).isBetween(Duration.ofSeconds(3), WAIT);
        assertThat(streams.hungUp(WAIT)).as("the upstream call cancelled").isTrue();
        assertThat(outcomes("bounds-duration", "stream_too_long")).isEqualTo(1);
    }

    void serveStream(String name, String path) {
        String namespace = "bounds-" + name;
        secret(namespace, TOKEN);
        serve(namespace, provider("endless", "OpenAIChatCompletions", "/endless-stream")
                .replace(upstream.url("/endless-stream"), streams.url(path)), Phase.InferenceEnabled);
        awaitServed(namespace, "endless");
    }

    /** The content streamed before the failure, and the failure the official client raised. */
    record Outcome(String content, SseException failure) {
    }

    Outcome read(String model) {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        Throwable thrown;
        // A whole-call timeout, so a stream the gateway fails to end fails the test instead of holding it.
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base + "v1").apiKey("caller-credential")
                .maxRetries(0).timeout(WAIT).build();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(chat(model, "hi"))) {
            thrown = catchThrowable(() -> stream.stream().forEach(chunks::add));
        }
        assertThat(thrown).as("the stream of %s ended with an error event", model).isInstanceOf(SseException.class);
        assertThat(GatewayStreamingIT.finishReasons(chunks)).isEmpty();
        return new Outcome(GatewayStreamingIT.content(chunks), (SseException) thrown);
    }

    double outcomes(String namespace, String outcome) {
        var counter = meters.find("modelport_gateway_requests_total").tags("namespace", namespace, "model", "endless",
                "api", "chat", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
