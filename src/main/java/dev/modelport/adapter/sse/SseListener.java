package dev.modelport.adapter.sse;

import dev.modelport.adapter.AdapterException;

/** Receives the events of a text/event-stream, each as soon as its terminating blank line has been read. */
@FunctionalInterface
public interface SseListener {

    /**
     * One complete event.
     *
     * @param eventName the {@code event:} field, or {@code message} when the event has none (as in the WHATWG
     *     spec)
     * @param data the {@code data:} lines joined with LF; may be empty
     * @throws AdapterException to stop the stream, e.g. when the data is not what the structure expects
     */
    void onEvent(String eventName, String data) throws AdapterException;
}
