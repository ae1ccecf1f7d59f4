package dev.modelport.gateway.telemetry;

import dev.modelport.adapter.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Records each of the gateway's request meters once, for tests that read the metric names the code exports. */
public final class GatewayMeterSamples {

    private GatewayMeterSamples() {
    }

    public static void recordEach(MeterRegistry registry) {
        RequestMetrics request = new GatewayMetrics(registry, new CallerLabels(1),
                new AccessLog(false, Clock.systemUTC())).start("chat", "POST", "/v1/chat/completions");
        request.caller("team-a/app");
        request.model("team-a", "support");
        request.contentWritten();
        request.tokens(TokenUsage.of(7L, 2L));
        request.end(GatewayMetrics.SUCCESS, 200);
    }
}
