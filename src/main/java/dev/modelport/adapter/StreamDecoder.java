package dev.modelport.adapter;

import java.util.List;

/**
 * Turns the events of one streamed answer into answer events, in order; made per stream by
 * {@link Structure#streamDecoder()}, so it may keep what earlier events said. Not thread-safe.
 */
public interface StreamDecoder {

    /**
     * One event: its name ({@code message} when the stream names none, and for NDJSON lines) and its data (the
     * SSE event's data, or the NDJSON line).
     */
    List<StreamEvent> event(String eventName, String data) throws AdapterException;

    /** The events the end of the endpoint's body adds; none by default. */
    default List<StreamEvent> end() throws AdapterException {
        return List.of();
    }
}
