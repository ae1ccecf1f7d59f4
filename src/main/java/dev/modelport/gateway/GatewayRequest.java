package dev.modelport.gateway;

import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.tracing.RequestTrace;
import io.vertx.core.Context;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the gateway reads of an HTTP request, where its metrics and its trace go, and who learns the id of the model
 * that answers (before the answer's first byte; the routes send it as the {@code x-modelport-model} header). The
 * caller's Authorization header is used for authorizing only: nothing here is ever forwarded upstream (the upstream
 * call's {@code traceparent} names the gateway's own span).
 *
 * @param contentType the request's Content-Type header, or null
 * @param eventLoop the event loop the request arrived on, where its upstream exchanges run; null for any
 */
public record GatewayRequest(String host, String authorization, byte[] body, String contentType,
        Map<String, String> pathParams,
        RequestMetrics metrics, Consumer<String> answeredBy, RequestTrace trace, Context eventLoop) {
}
