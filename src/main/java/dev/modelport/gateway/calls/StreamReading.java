package dev.modelport.gateway.calls;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.StreamDecoder;
import dev.modelport.adapter.StreamEvent;
import dev.modelport.adapter.Structure;
import dev.modelport.adapter.sse.SseListener;
import dev.modelport.gateway.telemetry.RequestMetrics;
import dev.modelport.tracing.UpstreamTrace;
import dev.modelport.upstream.Completions;
import dev.modelport.upstream.UpstreamStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Reads one upstream stream into the request's events, as the model's structure decodes them, from a thread that
 * may block ({@link #run}) or from the event loop ({@link #runNow}). An event the structure forwards as it came is
 * told as a {@link StreamEvent.Chunk} once it is read (an event that fails is never forwarded), before what it says.
 * When the stream has ended, the request's metrics learn the exchange's duration and status, and the call's span its
 * outcome; the span then ends.
 */
final class StreamReading implements SseListener {

    private final UpstreamStream stream;
    private final Structure structure;
    private final StreamDecoder decoder;
    private final UpstreamTrace span;
    private final Consumer<StreamEvent> sink;
    private final RequestMetrics observed;
    private final long start = System.nanoTime();

    /** @param span the call's span, which sees the events and is ended with the stream */
    StreamReading(UpstreamStream stream, Structure structure, UpstreamTrace span, Consumer<StreamEvent> sink,
            RequestMetrics observed) {
        this.stream = stream;
        this.structure = structure;
        this.decoder = structure.streamDecoder();
        this.span = span;
        this.sink = span.observing(sink);
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

    /** Sends the request and reads the stream on this thread, which may block, until it has ended. */
    void run() throws AdapterException {
        try {
            stream.run(this);
        } catch (AdapterException | RuntimeException e) {
            ended(e);
            throw e;
        }
        ended(null);
    }

    /**
     * Sends the request from the event loop, to an address known at once; completes there when the stream has ended,
     * or with its failure.
     */
    CompletableFuture<Void> runNow(InetAddress address) {
        return stream.runNow(this, address).handle((done, failed) -> {
            Throwable failure = Completions.cause(failed);
            try {
                ended(failure);
            } catch (AdapterException e) {
                throw new CompletionException(e);
            }
            if (failure != null) {
                throw new CompletionException(failure);
            }
            return null;
        });
    }

    /**
     * After the stream ended: the decoder's last events when it ended well. The metrics learn the exchange, with the
     * failure's status, else the endpoint's: a stream that breaks off after its 2xx head keeps that status.
     *
     * @param failure how the stream failed, or null
     * @throws AdapterException what the decoder finds wrong at the end of a stream that ended well
     */
    private void ended(Throwable failure) throws AdapterException {
        int failedWith = failure instanceof AdapterException e ? ModelCalls.status(e) : 0;
        try {
            if (failure != null) {
                span.failed(failure);
                return;
            }
            decoder.end().forEach(sink);
            span.status(stream.status());
        } catch (AdapterException | RuntimeException e) {
            if (e instanceof AdapterException adapter) {
                failedWith = ModelCalls.status(adapter);
            }
            span.failed(e);
            throw e;
        } finally {
            observed.upstreamAttempt(start, failedWith != 0 ? failedWith : stream.status());
            span.end();
        }
    }
}
