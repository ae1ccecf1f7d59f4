package dev.modelport.gateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The meters one request records, and that a deleted model's series go with it. */
class GatewayMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry, new CallerLabels(2),
            new AccessLog(false, Clock.systemUTC()));

    private void streamedRequest(String namespace, String name, TokenUsage usage) {
        streamedRequest(namespace, name, "team-a/app", usage);
    }

    private void streamedRequest(String namespace, String name, String caller, TokenUsage usage) {
        RequestMetrics request = metrics.start("chat", "POST", "/v1/chat/completions");
        request.caller(caller);
        request.model(namespace, name);
        request.contentWritten();
        request.contentWritten();
        request.tokens(usage);
        request.end(GatewayMetrics.SUCCESS, 200);
        request.end("ignored: a request ends once", 500);
    }

    @Test
    void shouldRecordOneRequestOnceAndOnlyKnownTokenCounts() {
        streamedRequest("team-a", "support", TokenUsage.of(7L, null));

        assertThat(registry.get("modelport_gateway_requests_total").tag("outcome", "success").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("modelport_gateway_requests_total").tag("outcome", "ignored: a request ends once")
                .counter()).isNull();
        assertThat(registry.get("modelport_gateway_request_duration_seconds").tag("api", "chat").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("modelport_gateway_time_to_first_token_seconds").tag("model", "support").timer()
                .count()).as("only the first content chunk is timed").isEqualTo(1);
        assertThat(registry.get("modelport_gateway_tokens_total").tag("direction", "input").counter().count())
                .isEqualTo(7);
        assertThat(registry.find("modelport_gateway_tokens_total").tag("direction", "output").counter())
                .as("an unknown count is not a zero").isNull();
    }

    /** Percentile queries need buckets; fixed ones keep a model's series few and reach past the upstream timeout. */
    @Test
    void shouldPublishFixedHistogramBucketsUpToFiveMinutesAndTheFirstTokenUpToOne() {
        streamedRequest("team-a", "support", TokenUsage.of(7L, 2L));

        assertThat(bucketSeconds("modelport_gateway_request_duration_seconds")).hasSize(15).startsWith(0.01)
                .contains(60.0).endsWith(300.0);
        assertThat(bucketSeconds("modelport_gateway_time_to_first_token_seconds")).hasSize(11).startsWith(0.05)
                .endsWith(60.0);
    }

    private double[] bucketSeconds(String timer) {
        return Arrays.stream(registry.get(timer).timer().takeSnapshot().histogramCounts())
                .mapToDouble(bucket -> bucket.bucket(TimeUnit.SECONDS)).toArray();
    }

    @Test
    void shouldTagARequestThatResolvedToNoModelAsUnknown() {
        metrics.start("chat", "POST", "/v1/chat/completions").end("model_not_found", 404);

        assertThat(registry.get("modelport_gateway_requests_total").tags("namespace", "unknown", "model", "unknown",
                "outcome", "model_not_found", "caller", "unknown").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldCountRequestsAndTokensByCallerUpToTheCapThenAsOther() {
        streamedRequest("team-a", "support", "team-a/app", TokenUsage.of(7L, 2L));
        streamedRequest("team-a", "support", "team-b/batch", TokenUsage.of(3L, 1L));
        streamedRequest("team-a", "support", "team-c/late", TokenUsage.of(5L, 4L));
        streamedRequest("team-a", "support", "team-d/later", TokenUsage.of(1L, 1L));
        streamedRequest("team-a", "support", "team-a/app", TokenUsage.of(10L, 10L));

        assertThat(registry.get("modelport_gateway_requests_total").tag("caller", "team-a/app").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("modelport_gateway_tokens_total").tags("caller", "team-a/app", "direction", "input")
                .counter().count()).isEqualTo(17);
        assertThat(registry.get("modelport_gateway_tokens_total").tags("caller", "team-b/batch", "direction",
                "output").counter().count()).isEqualTo(1);
        assertThat(registry.get("modelport_gateway_requests_total").tag("caller", "other").counter().count())
                .as("the callers beyond the cap of 2").isEqualTo(2);
        assertThat(registry.get("modelport_gateway_tokens_total").tags("caller", "other", "direction", "input")
                .counter().count()).isEqualTo(6);
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getTag("caller"))
                .as("histograms carry no caller").containsOnly("team-a/app", "team-b/batch", "other", null);
    }

    @Test
    void shouldForgetADeletedModelsMetersOnly() {
        streamedRequest("team-a", "support", TokenUsage.of(7L, 2L));
        streamedRequest("team-b", "support", TokenUsage.of(3L, 1L));

        metrics.forget("team-a", "support");

        assertThat(registry.find("modelport_gateway_requests_total").tag("namespace", "team-a").meters()).isEmpty();
        assertThat(registry.getMeters()).isNotEmpty().allSatisfy(
                meter -> assertThat(meter.getId().getTag("namespace")).isEqualTo("team-b"));
    }

    /** The meters held per model go with it: a model made again under the same name counts from zero, visibly. */
    @Test
    void shouldRegisterFreshMetersForAModelMadeAgainAfterItWasForgotten() {
        streamedRequest("team-a", "support", TokenUsage.of(7L, 2L));
        metrics.forget("team-a", "support");

        streamedRequest("team-a", "support", TokenUsage.of(3L, 1L));

        assertThat(registry.get("modelport_gateway_requests_total").tag("namespace", "team-a").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("modelport_gateway_tokens_total").tags("namespace", "team-a", "direction", "input")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get("modelport_gateway_time_to_first_token_seconds").tag("namespace", "team-a").timer()
                .count()).isEqualTo(1);
    }
}
