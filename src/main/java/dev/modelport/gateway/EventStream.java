package dev.modelport.gateway;

/** The caller's side of a streamed answer. */
public interface EventStream {

    /** Sends one complete server-sent event, immediately; dropped once the caller has gone. */
    void send(String event);

    /** Runs the action when the caller disconnects, at once if it already has. */
    void onCallerGone(Runnable action);
}
