package dev.modelport.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** An event stream on a Vert.x response: the 200 and its headers go with the first event. */
final class VertxEventStream implements EventStream {

    private final HttpServerResponse response;
    private volatile boolean started;

    VertxEventStream(HttpServerResponse response) {
        this.response = response;
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
