package dev.modelport.gateway.calls;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.sse.SseListener;
import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.upstream.UpstreamStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one upstream stream into the request's events, as the model's structure decodes them. An event the
 * structure forwards as it came is told as a {@link StreamEvent.Chunk} once it is read (an event that fails is never
 * forwarded), before what it says. The request's metrics learn the exchange's duration and status when it has ended.
 */
final class StreamReading implements SseListener {

    private final Structure structure;
    private final StreamDecoder decoder;
    private final Consumer<StreamEvent> sink;
    private final RequestMetrics observed;
    private final long start = System.nanoTime();

    StreamReading(Structure structure, Consumer<StreamEvent> sink, RequestMetrics observed) {
        this.structure = structure;
        this.decoder = structure.streamDecoder();
        this.sink = sink;
        this.observed = observed;
    }

    @Override
    public void onEvent(String eventName, String data) throws AdapterException {
        List<StreamEvent> events = decoder.event(eventName, data);
        if (structure.forwardsEvent(data)) {
            sink.accept(new StreamEvent.Chunk(data));
        }
        events.forEach(sink);
    }

    /**
     * After the stream ended: the decoder's last events when it ended well. The metrics learn the exchange, with the
     * failure's status, else the endpoint's: a stream that breaks off after its 2xx head keeps that status.
     *
     * @param failure how the stream failed, or null
     * @throws AdapterException what the decoder finds wrong at the end of a stream that ended well
     */
    void ended(UpstreamStream stream, Throwable failure) throws AdapterException {
        int failedWith = failure instanceof AdapterException e ? ModelCalls.status(e) : 0;
        try {
            if (failure == null) {
                decoder.end().forEach(sink);
            }
        } catch (AdapterException e) {
            failedWith = ModelCalls.status(e);
            throw e;
        } finally {
            observed.upstreamAttempt(start, failedWith != 0 ? failedWith : stream.status());
        }
    }
}
