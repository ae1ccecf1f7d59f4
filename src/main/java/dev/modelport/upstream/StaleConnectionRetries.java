package dev.modelport.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one retry the upstream client makes by itself, counted as {@value #METRIC} by client ({@code complete} or
 * {@code streamed}).
 *
 * <p>A pooled keep-alive connection may be closed at any moment: by an HTTP/1.0 server after each answer, by a
 * server's idle timeout (5 s for uvicorn and Node, 75 s for nginx), by a load balancer or a NAT. The client learns
 * it only when the next request goes out on the connection, which then ends (end of stream or reset) without an
 * answer. Such a request is sent once more, on a new connection opened for it and closed after its answer, when
 * all of these hold:
 * <ul>
 *   <li>the connection came from the pool: it had carried an earlier exchange. A new connection that ends without
 *       an answer is the endpoint failing, and is reported as such;</li>
 *   <li>the connection ended, closed or reset: never after a timeout, a cancellation, a policy refusal or a TLS
 *       handshake failure;</li>
 *   <li>not one byte arrived after the request went out. Once the endpoint has begun to answer it has certainly
 *       received the request, and nothing of the answer may have reached the caller. Calls through OkHttp count
 *       below TLS, so a closing TLS endpoint whose close_notify arrives after the request is not retried (the safe
 *       side); calls on Vert.x count after TLS;</li>
 *   <li>the exchange has not been retried yet, and the call's time is not spent: the retry runs within the same
 *       timeout.</li>
 * </ul>
 *
 * <p>Why a POST may be sent again: a connection closed while idle is the common case by far, and the endpoint never
 * saw the request. An endpoint that did read the request and then closed the connection without a byte of answer
 * looks the same from here and gets the request twice; that needs a failure between reading a request and
 * writing its status line, on a connection that had answered before. The model APIs served are in effect
 * idempotent (a repeated completion creates nothing but a second answer), so the cost of that rare case is one more
 * model call, against a failed call at every idle close. OkHttp's own retry, which the official OpenAI Java client
 * leaves on, resends POSTs more widely: on new connections too, after any I/O failure before the response headers,
 * and more than once.
 */
final class StaleConnectionRetries {

    static final String METRIC = "modelport_upstream_stale_connection_retries_total";

    private final Counter complete;
    private final Counter streamed;

    StaleConnectionRetries(MeterRegistry registry) {
        this.complete = counter(registry, "complete");
        this.streamed = counter(registry, "streamed");
    }

    private static Counter counter(MeterRegistry registry, String client) {
        return Counter.builder(METRIC)
                .description("Upstream requests sent once more on a new connection because their pooled one was "
                        + "closed or reset before any answer")
                .tag("client", client).register(registry);
    }

    void complete() {
        complete.increment();
    }

    void streamed() {
        streamed.increment();
    }
}
