package dev.modelport.adapter.sse;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.StreamFormat;

/**
 * Splits a streamed answer into events as its bytes arrive, in chunks of any size, with a bound on the bytes one
 * event may hold. One instance per stream, not thread-safe, unusable after it threw.
 */
public interface EventFramer {

    /** Parses the next bytes of the stream, calling the listener for each event they complete. */
    void feed(byte[] bytes, int offset, int length) throws AdapterException;

    /** The stream's body has ended: an event it completes is given to the listener. */
    void end() throws AdapterException;

    /** The framer of a stream format; each event reaches the listener as soon as it is complete. */
    static EventFramer of(StreamFormat format, int maxEventBytes, SseListener listener) {
        return format == StreamFormat.NDJSON ? new NdjsonParser(maxEventBytes, listener)
                : new SseParser(maxEventBytes, listener);
    }
}
