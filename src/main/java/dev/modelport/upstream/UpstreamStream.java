package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.sse.SseListener;
import dev.modelport.adapter.sse.SseParser;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A streamed call (server-sent events) to a model endpoint, made by {@link UpstreamClient#stream}. {@link #run}
 * blocks the calling thread (a virtual thread suits) while it sends the request and hands each event to the
 * listener as soon as it is complete; nothing of the stream is buffered beyond the event being read, and no event
 * may exceed {@link UpstreamSettings#maxEventBytes()}. {@link #cancel} may be called from any thread at any time,
 * for instance when the gateway's client disconnects: it aborts the HTTP call in flight, which closes the
 * connection, and run then fails with {@link FailureCategory#ConnectionFailed} "was cancelled".
 *
 * <p>Timeouts: the whole time until the first byte of the body, and then each pause between two reads, are bounded
 * by the timeout given to {@link UpstreamClient#stream}; a stream that keeps sending has no total limit.
 */
public final class UpstreamStream {

    private static final int CHUNK = 8192;

    private final UpstreamClient client;
    private final OkHttpClient http;
    private final ResolvedEndpoint endpoint;
    private final String jsonBody;
    private final Exchange exchange;
    private final int maxEventBytes;
    private final AtomicBoolean started = new AtomicBoolean();

    UpstreamStream(UpstreamClient client, OkHttpClient http, ResolvedEndpoint endpoint, String jsonBody,
            Exchange exchange, int maxEventBytes) {
        this.client = client;
        this.http = http;
        this.endpoint = endpoint;
        this.jsonBody = jsonBody;
        this.exchange = exchange;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Sends the request and feeds the events to the listener until the endpoint ends the stream; returns then.
     * An exception of the listener stops the stream and is rethrown. May be called once.
     */
    public void run(SseListener listener) throws AdapterException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a stream runs once");
        }
        HttpUrl url = UpstreamClient.url(endpoint);
        boolean waitingForFirstByte = true;
        exchange.startTimer();
        try (Response response = client.send(exchange, http, url, endpoint, jsonBody, UpstreamClient.EVENT_STREAM)) {
            SseParser parser = new SseParser(maxEventBytes, listener);
            BufferedSource source = response.body().source();
            byte[] chunk = new byte[CHUNK];
            for (int read = source.read(chunk); read != -1; read = source.read(chunk)) {
                if (waitingForFirstByte) {
                    waitingForFirstByte = false;
                    exchange.stopTimer();
                }
                parser.feed(chunk, 0, read);
            }
        } catch (IOException e) {
            throw exchange.failure(e, url.host());
        } finally {
            if (waitingForFirstByte) {
                exchange.stopTimer();
            }
        }
    }

    /** Stops the stream from any thread; harmless when it has not started or has ended. */
    public void cancel() {
        exchange.cancel();
    }
}
