package dev.modelport.gateway;

import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** An event stream on a Vert.x response: the 200 and its headers go with the first event. */
final class VertxEventStream implements EventStream {

    private final HttpServerResponse response;
    private final Context context;
    private volatile boolean started;

    /** @param context the event loop of the request */
    VertxEventStream(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public void send(String event) {
        if (response.closed() || response.ended()) {
            return;
        }
        if (!started) {
            started = true;
            response.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        response.write(event);
    }

    @Override
    public void onCallerGone(Runnable action) {
        response.closeHandler(ignored -> action.run());
        if (response.closed()) {
            action.run();
        }
    }

    boolean started() {
        return started;
    }

    void end() {
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }
}
