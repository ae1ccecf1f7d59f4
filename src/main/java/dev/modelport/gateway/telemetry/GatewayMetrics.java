package dev.modelport.gateway.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.Search;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The gateway's Prometheus meters, and its access log. Tags name only models that exist (a request that did not
 * resolve to a served model is {@value #UNKNOWN}), outcomes are the gateway's fixed error codes, and the request and
 * token counters' callers are capped ({@link CallerLabels}), so the series stay bounded. Each model's meters are held
 * in its {@link ModelMeters} until the model is forgotten. A singleton, made when the routes are registered, so that
 * a bad setting stops the start.
 */
@Singleton
public class GatewayMetrics {

    static final String UNKNOWN = "unknown";
    private static final String PREFIX = "modelport_gateway_";
    public static final String SUCCESS = "success";
    /**
     * Histogram bucket bounds: fixed, so each model has a known number of series (Micrometer's percentile histogram
     * has some 70, and none past 30 s), and up to the lengths a request may reach: the 60 s upstream timeout, retries
     * and fallbacks, minutes of streaming.
     */
    static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60,
            120, 300);
    static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60);

    private final MeterRegistry registry;
    private final CallerLabels callers;
    private final AccessLog accessLog;
    private final ConcurrentMap<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();
    private final ModelMeters unknown;

    private record ModelKey(String namespace, String name) {
    }

    public GatewayMetrics(MeterRegistry registry, CallerLabels callers, AccessLog accessLog) {
        this.registry = registry;
        this.callers = callers;
        this.accessLog = accessLog;
        this.unknown = new ModelMeters(registry, model(UNKNOWN, UNKNOWN));
    }

    /**
     * Starts observing one request to the given API: chat, invoke or models.
     *
     * @param method the HTTP method and {@code route} the path template it came by, for the access log
     */
    public RequestMetrics start(String api, String method, String route) {
        return new RequestMetrics(this, api, method, route, System.nanoTime());
    }

    String callerLabel(String caller) {
        return callers.label(caller);
    }

    /** The model's meters: the same object for every request to it until it is forgotten. */
    ModelMeters meters(String namespace, String name) {
        return models.computeIfAbsent(new ModelKey(namespace, name),
                key -> new ModelMeters(registry, model(namespace, name)));
    }

    ModelMeters unknownModel() {
        return unknown;
    }

    /** Writes the request's access log line, when the log is on; off, this builds nothing. */
    void accessLog(RequestMetrics request, String outcome, int status, long nanos) {
        if (accessLog.enabled()) {
            accessLog.write(request, outcome, status, nanos);
        }
    }

    /** Removes a deleted model's meters, so the series name only models that exist. */
    public void forget(String namespace, String name) {
        models.remove(new ModelKey(namespace, name));
        Search.in(registry).name(meter -> meter.startsWith(PREFIX)).tags(model(namespace, name)).meters()
                .forEach(registry::remove);
    }

    static Tags model(String namespace, String name) {
        return Tags.of("namespace", namespace, "model", name);
    }

    private static Duration[] seconds(double... bounds) {
        return Arrays.stream(bounds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
                .toArray(Duration[]::new);
    }
}
