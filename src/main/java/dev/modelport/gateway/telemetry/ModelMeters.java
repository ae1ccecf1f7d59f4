package dev.modelport.gateway.telemetry;

import dev.modelport.adapter.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * One model's gateway meters, each registered on first use and then held here, so that a request finds its meters
 * by a hash lookup instead of building their identity in the registry. The keys are bounded like the series: a
 * handful of APIs and outcomes, and the callers {@link CallerLabels} admits.
 */
final class ModelMeters {

    private record RequestKey(String caller, String api, String outcome) {
    }

    private record TokenKey(String caller, String direction) {
    }

    private final MeterRegistry registry;
    private final Tags model;
    private final ConcurrentMap<RequestKey, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentMap<TokenKey, Counter> tokens = new ConcurrentHashMap<>();
    private volatile Timer firstToken;

    ModelMeters(MeterRegistry registry, Tags model) {
        this.registry = registry;
        this.model = model;
    }

    /** One request has ended with this outcome after nanos. */
    void request(String caller, String api, String outcome, long nanos) {
        requests(caller, api, outcome).increment();
        duration(api).record(nanos, TimeUnit.NANOSECONDS);
    }

    void firstToken(long nanos) {
        firstToken().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts only what the endpoint reported: an unknown count is not a zero. */
    void tokens(String caller, TokenUsage usage) {
        tokens(caller, "input", usage.inputTokens());
        tokens(caller, "output", usage.outputTokens());
    }

    private void tokens(String caller, String direction, Long count) {
        if (count != null && count > 0) {
            tokens(caller, direction).increment(count);
        }
    }

    private Counter requests(String caller, String api, String outcome) {
        return requests.computeIfAbsent(new RequestKey(caller, api, outcome), key -> Counter
                .builder("modelport_gateway_requests_total").description("Gateway requests by outcome").tags(model)
                .tag("api", api).tag("outcome", outcome).tag("caller", caller).register(registry));
    }

    private Timer duration(String api) {
        return durations.computeIfAbsent(api, key -> Timer.builder("modelport_gateway_request_duration_seconds")
                .description("Gateway request duration, to the end of the answer").tags(model).tag("api", api)
                .serviceLevelObjectives(GatewayMetrics.DURATION_BUCKETS).register(registry));
    }

    private Timer firstToken() {
        Timer timer = firstToken;
        if (timer == null) {
            timer = Timer.builder("modelport_gateway_time_to_first_token_seconds")
                    .description("Streamed requests: from the request's start to its first content chunk written")
                    .tags(model).serviceLevelObjectives(GatewayMetrics.FIRST_TOKEN_BUCKETS).register(registry);
            firstToken = timer;
        }
        return timer;
    }

    private Counter tokens(String caller, String direction) {
        return tokens.computeIfAbsent(new TokenKey(caller, direction), key -> Counter
                .builder("modelport_gateway_tokens_total").description("Tokens the model endpoints reported")
                .tags(model).tag("direction", direction).tag("caller", caller).register(registry));
    }
}
