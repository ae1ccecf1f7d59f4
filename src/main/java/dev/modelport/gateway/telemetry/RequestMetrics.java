package dev.modelport.gateway.telemetry;

import dev.modelport.adapter.TokenUsage;
import io.micrometer.core.instrument.Tags;

/**
 * What one gateway request records: its caller and the model it resolved to (if any), its first content chunk, its
 * token counts and, once, its outcome and duration. Used by one thread at a time: the request's own, and for a streamed answer
 * its event loop while the request's thread waits for the stream to end.
 */
public final class RequestMetrics {

    private final GatewayMetrics metrics;
    private final String api;
    private final long startNanos;
    private Tags model = GatewayMetrics.model(GatewayMetrics.UNKNOWN, GatewayMetrics.UNKNOWN);
    private String caller;
    private String callerLabel = CallerLabels.UNKNOWN;
    private boolean firstTokenSeen;
    private boolean ended;

    RequestMetrics(GatewayMetrics metrics, String api, long startNanos) {
        this.metrics = metrics;
        this.api = api;
        this.startNanos = startNanos;
    }

    /** The request resolved to this model: one served, or one whose credentials cannot be resolved. */
    public void model(String namespace, String name) {
        model = GatewayMetrics.model(namespace, name);
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

    /** A content chunk was written; only the first one is timed. */
    public void contentWritten() {
        if (!firstTokenSeen) {
            firstTokenSeen = true;
            metrics.firstToken(model, System.nanoTime() - startNanos);
        }
    }

    public void tokens(TokenUsage usage) {
        if (usage != null) {
            metrics.tokens(model, callerLabel, usage);
        }
    }

    /** The answer has ended, with {@link GatewayMetrics#SUCCESS} or the error code; later calls do nothing. */
    public void end(String outcome) {
        if (!ended) {
            ended = true;
            metrics.request(model, callerLabel, api, outcome, System.nanoTime() - startNanos);
        }
    }
}
