package dev.modelport.gateway;

import dev.modelport.upstream.UpstreamStream;
import io.vertx.core.Context;

/** The caller's side of a streamed answer. */
public interface EventStream {

    /** The event loop that writes the stream: events sent from it are written with no thread hand-off. */
    Context context();

    /**
     * Sends one complete server-sent event: from the event loop, written when its current task ends, together with
     * the other events that task sent; from another thread, on the event loop after those. Dropped once the caller
     * has gone or the stream stopped.
     */
    void send(String event);

    /**
     * The upstream call the events come from, before it runs: it is read only as fast as the caller takes the
     * answer, and cancelled when the caller disconnects or the stream meets one of its bounds; {@code gone} runs
     * first then (at once if either has already happened), so that nothing tries again for a stream that is over.
     */
    void feedFrom(UpstreamStream upstream, Runnable gone);
}
