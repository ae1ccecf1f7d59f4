package dev.modelport.gateway.telemetry;

import dev.modelport.adapter.TokenUsage;

/**
 * What one gateway request records: its caller and the model it resolved to (if any), its upstream attempts, its
 * first content chunk, its token counts and, once, its outcome and duration, for the meters and the access log.
 * Used by one thread at a time: the request's own, and for a streamed answer its event loop while the request's
 * thread waits for the stream to end.
 */
public final class RequestMetrics {

    private final GatewayMetrics metrics;
    private final String api;
    private final String method;
    private final String route;
    private final long startNanos;
    private ModelMeters model;
    private String namespace;
    private String name;
    private String caller;
    private String callerLabel = CallerLabels.UNKNOWN;
    private String answeredBy;
    private int fallbacks;
    private int attempts;
    private int retries;
    /** Attempts of the model being tried: the named one, then each fallback. */
    private int modelAttempts;
    private long upstreamNanos;
    private int upstreamStatus;
    private long firstTokenNanos = -1;
    private TokenUsage usage;
    private boolean ended;

    RequestMetrics(GatewayMetrics metrics, String api, String method, String route, long startNanos) {
        this.metrics = metrics;
        this.api = api;
        this.method = method;
        this.route = route;
        this.startNanos = startNanos;
        this.model = metrics.unknownModel();
    }

    /** The request resolved to this model: one served, or one whose credentials cannot be resolved. */
    public void model(String namespace, String name) {
        model = metrics.meters(namespace, name);
        this.namespace = namespace;
        this.name = name;
    }

    /**
     * The caller as authorization identified it ({@code <namespace>/<serviceaccount>}, a user name, or
     * {@code anonymous}); null leaves it as it was.
     */
    public void caller(String identified) {
        if (identified != null && !identified.equals(caller)) {
            caller = identified;
            callerLabel = metrics.callerLabel(identified);
        }
    }

    /** The model that answers, {@code <namespace>/<name>}: the one named or a fallback. */
    public void answeredBy(String modelId) {
        answeredBy = modelId;
    }

    /** The request is handed to a fallback: the attempts that follow are that model's. */
    public void fallbackTried() {
        fallbacks++;
        modelAttempts = 0;
    }

    /**
     * One upstream attempt has ended, begun at {@code attemptStart} ({@link System#nanoTime()}).
     *
     * @param status the endpoint's HTTP status, or 0 when it answered none (no connection, a timeout)
     */
    public void upstreamAttempt(long attemptStart, int status) {
        upstreamNanos += System.nanoTime() - attemptStart;
        upstreamStatus = status;
        attempts++;
        if (modelAttempts++ > 0) {
            retries++;
        }
    }

    /** A content chunk was written; only the first one is timed. */
    public void contentWritten() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime() - startNanos;
            model.firstToken(firstTokenNanos);
        }
    }

    public void tokens(TokenUsage reported) {
        if (reported != null) {
            usage = reported;
            model.tokens(callerLabel, reported);
        }
    }

    /**
     * The answer has ended, with {@link GatewayMetrics#SUCCESS} or the error code, and the HTTP status sent (200 for
     * a stream that failed after its start); later calls do nothing.
     */
    public void end(String outcome, int status) {
        if (!ended) {
            ended = true;
            long nanos = System.nanoTime() - startNanos;
            model.request(callerLabel, api, outcome, nanos);
            metrics.accessLog(this, outcome, status, nanos);
        }
    }

    String caller() {
        return caller;
    }

    String method() {
        return method;
    }

    String route() {
        return route;
    }

    /** {@code <namespace>/<name>} of the model the request resolved to, or null. */
    String modelId() {
        return namespace == null ? null : namespace + "/" + name;
    }

    String answeredBy() {
        return answeredBy;
    }

    int fallbacks() {
        return fallbacks;
    }

    int attempts() {
        return attempts;
    }

    int retries() {
        return retries;
    }

    long upstreamNanos() {
        return upstreamNanos;
    }

    int upstreamStatus() {
        return upstreamStatus;
    }

    /** From the request's start to its first content chunk, or -1. */
    long firstTokenNanos() {
        return firstTokenNanos;
    }

    TokenUsage usage() {
        return usage;
    }
}
