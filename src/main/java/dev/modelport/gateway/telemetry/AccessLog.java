package dev.modelport.gateway.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelport.adapter.TokenUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * One JSON line per gateway request on the logger {@value #CATEGORY}, written once when the answer has ended
 * (a stream after its last event or its error event), when {@code modelport.gateway.access-log.enabled} is true.
 * Off, nothing of a line is built. A line holds what the gateway decided and measured, never what the caller or
 * the endpoint sent: no body, prompt, answer, header value or credential, and no model name the caller typed that
 * named no model.
 */
public final class AccessLog {

    public static final String CATEGORY = "dev.modelport.gateway.access";

    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final boolean enabled;
    private final Clock clock;

    /** @param clock the time of the lines: the request's start, as the end less its duration */
    public AccessLog(boolean enabled, Clock clock) {
        this.enabled = enabled;
        this.clock = clock;
    }

    /** Whether a line is written: on, and the category not turned down below INFO. */
    boolean enabled() {
        return enabled && LOG.isInfoEnabled();
    }

    void write(RequestMetrics request, String outcome, int status, long nanos) {
        LOG.info(line(request, outcome, status, nanos).toString());
    }

    ObjectNode line(RequestMetrics request, String outcome, int status, long nanos) {
        ObjectNode line = JSON.objectNode();
        line.put("time", clock.instant().minusNanos(nanos).truncatedTo(ChronoUnit.MILLIS).toString());
        line.put("caller", request.caller());
        line.put("method", request.method());
        line.put("route", request.route());
        line.put("model", request.modelId());
        line.put("answeredBy", request.answeredBy());
        line.put("fallbacks", request.fallbacks());
        line.put("status", status);
        line.put("upstreamStatus", request.upstreamStatus() == 0 ? null : request.upstreamStatus());
        line.put("attempts", request.attempts());
        line.put("retries", request.retries());
        line.put("durationMs", millis(nanos));
        line.put("upstreamMs", request.attempts() == 0 ? null : millis(request.upstreamNanos()));
        line.put("firstTokenMs", request.firstTokenNanos() < 0 ? null : millis(request.firstTokenNanos()));
        TokenUsage usage = request.usage();
        line.put("inputTokens", usage == null ? null : usage.inputTokens());
        line.put("outputTokens", usage == null ? null : usage.outputTokens());
        line.put("error", GatewayMetrics.SUCCESS.equals(outcome) ? null : outcome);
        return line;
    }

    /** Milliseconds to the microsecond, written plain (never as an exponent). */
    private static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(Math.round(nanos / 1000.0), 3);
    }
}
