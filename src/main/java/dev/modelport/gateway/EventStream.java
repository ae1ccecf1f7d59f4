package dev.modelport.gateway;

import io.vertx.core.Context;

/** The caller's side of a streamed answer. */
public interface EventStream {

    /** The event loop that writes the stream: events sent from it are written with no thread hand-off. */
    Context context();

    /** Sends one complete server-sent event, immediately; dropped once the caller has gone. */
    void send(String event);

    /** Runs the action when the caller disconnects, at once if it already has. */
    void onCallerGone(Runnable action);
}
