package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.sse.EventFramer;
import dev.modelport.adapter.sse.SseListener;
import dev.modelport.api.v1alpha1.AuthorizationType;
import dev.modelport.api.v1alpha1.StreamFormat;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import okhttp3.HttpUrl;

/**
 * A streamed call (server-sent events, or NDJSON for a custom model that says so) to a model endpoint, made by
 * {@link UpstreamClient#stream}; {@link UpstreamClient#call} reads a complete answer the same way ({@link #whole},
 * or {@link #wholeNow} from the event loop), its timeout then bounding the whole exchange. {@link #run} blocks the
 * calling thread (a virtual thread suits) until the stream has ended ({@link #runNow} does not, from the event
 * loop), while the exchange itself runs
 * without blocking on the given Vert.x event loop: the endpoint's bytes are parsed there and each event reaches
 * the listener on that event loop as soon as it is complete, so a gateway that writes its own answer from the same
 * event loop forwards an event with no thread hand-off. Nothing of the stream is buffered beyond the event being
 * read, and no event may exceed {@link UpstreamSettings#maxEventBytes()}. {@link #cancel} may be called from any
 * thread at any time, for instance when the gateway's client disconnects: it resets the exchange, which closes
 * the connection, and run then fails with {@link FailureCategory#ConnectionFailed} "was cancelled".
 *
 * <p>Before anything is sent, on the calling thread: the host is checked against the {@link EndpointPolicy} and
 * resolved, and the connection goes to the first address the policy allows (so a name cannot resolve to another
 * address between the check and the connection); an OAuth2 token is fetched when the profile needs one, and an
 * answer 401 drops it and sends the request once more with a new one, as {@link UpstreamClient#call} does. A
 * request that meets a stale pooled connection is sent once more on a new one (see {@link StaleConnectionRetries}).
 *
 * <p>Timeouts: connecting is bounded by {@link UpstreamSettings#connectTimeout()}; the wait for the first byte of
 * the answer, and then each pause between two reads, by the timeout given to {@link UpstreamClient#stream}; a
 * stream that keeps sending has no total limit here (the gateway bounds its own streams).
 *
 * <p>Flow control: {@link #pause} stops reading the answer for a reader that cannot take more events yet, until
 * {@link #resume}. Vert.x then stops reading the connection once its small inbound buffer is full, and TCP holds the
 * endpoint back, so nothing piles up in memory; the pause timeout does not run while the reader holds the stream.
 */
public final class UpstreamStream {

    private final UpstreamClient client;
    private final HttpClient http;
    private final HttpClient fresh;
    private final Context context;
    private final ResolvedEndpoint endpoint;
    private final byte[] body;
    private final String contentType;
    private final Duration timeout;
    private final int maxEventBytes;
    private final String traceparent;
    private final AnswerFormat format;
    private final Exchange tokenExchange;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile StreamAttempt attempt;
    /** The body of a complete answer, as far as it was read. */
    private volatile WholeBody whole;

    /**
     * @param fresh the client for a retry: a new connection for each request, closed after its answer
     * @param contentType the body's media type
     * @param traceparent the W3C trace context the request carries, or null
     * @param format how the answer is framed and its error object read
     */
    UpstreamStream(UpstreamClient client, HttpClient http, HttpClient fresh, Context context,
            ResolvedEndpoint endpoint, byte[] body, String contentType, Duration timeout, int maxEventBytes,
            String traceparent, AnswerFormat format) {
        this.client = client;
        this.http = http;
        this.fresh = fresh;
        this.context = context;
        this.endpoint = endpoint;
        this.body = body;
        this.contentType = contentType;
        this.timeout = timeout;
        this.maxEventBytes = maxEventBytes;
        this.traceparent = traceparent;
        this.format = format;
        this.tokenExchange = client.exchange(timeout);
    }

    /**
     * Sends the request and feeds the events to the listener until the endpoint ends the stream; returns then.
     * An exception of the listener stops the stream and is rethrown. May be called once.
     */
    public void run(SseListener listener) throws AdapterException {
        start(host -> EventFramer.of(format.stream(), maxEventBytes, listener), accept(), true);
    }

    /**
     * Sends the request and returns the complete 2xx answer, of at most maxBytes, once the endpoint has ended it;
     * the timeout bounds the exchange from its start, a retry's too. May be called once, instead of {@link #run}.
     */
    UpstreamResponse whole(long maxBytes) throws AdapterException {
        StreamAttempt answered = start(host -> whole = new WholeBody(maxBytes, host), Requests.JSON, false);
        return new UpstreamResponse(answered.status(), answered.contentType(), whole.bytes());
    }

    /** Sends the request, with its retries, and returns the attempt that the endpoint answered in full. */
    private StreamAttempt start(Function<String, EventFramer> framers, String accept, boolean streamed)
            throws AdapterException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a stream runs once");
        }
        long startNanos = System.nanoTime();
        HttpUrl url = UpstreamClient.url(endpoint);
        if (cancelled) {
            throw cancelled(url.host());
        }
        InetAddress address = client.address(url.host());
        boolean oauth2 = endpoint.authorizationType() == AuthorizationType.OAuth2ClientCredentials;
        String token = oauth2 ? client.oauth2Token(endpoint, tokenExchange) : null;
        Exchanged exchanged = new Exchanged(framers, accept, streamed, startNanos);
        try {
            return exchange(exchanged, url, address, token);
        } catch (AdapterException e) {
            if (!oauth2 || !Integer.valueOf(401).equals(e.httpStatus())) {
                throw e;
            }
            client.dropOAuth2Token(endpoint, token);
            return exchange(exchanged, url, address, client.oauth2Token(endpoint, tokenExchange));
        }
    }

    /**
     * How the answer is read: the framer of a 2xx answer (given the host), the Accept header, and whether it is
     * streamed (each read starts the timeout afresh) or complete (the timeout runs from startNanos, the call's start).
     */
    private record Exchanged(Function<String, EventFramer> framers, String accept, boolean streamed,
            long startNanos) {
    }

    /**
     * The 2xx status the endpoint answered the stream with, also when it broke off later; 0 when no answer came or
     * it was an error status (which the failure of {@link #run} carries).
     */
    public int status() {
        StreamAttempt current = attempt;
        return current == null ? 0 : current.status();
    }

    /** Stops the stream from any thread; harmless when it has not started or has ended. */
    public void cancel() {
        cancelled = true;
        tokenExchange.cancel();
        StreamAttempt current = attempt;
        if (current != null) {
            current.stop(new IOException("cancelled"));
        }
    }

    /** Stops reading the answer until {@link #resume}; call on the event loop, e.g. from the listener. */
    public void pause() {
        StreamAttempt current = attempt;
        if (current != null) {
            current.pause();
        }
    }

    /** Reads the answer again after {@link #pause}; the pause timeout starts afresh. Call on the event loop. */
    public void resume() {
        StreamAttempt current = attempt;
        if (current != null) {
            current.resume();
        }
    }

    /** One HTTP exchange on the event loop; the calling thread waits for its end. Returns the answered attempt. */
    private StreamAttempt exchange(Exchanged exchanged, HttpUrl url, InetAddress address, String token)
            throws AdapterException {
        RequestOptions options = options(exchanged, url, address, token);
        CompletableFuture<StreamAttempt> answered = new CompletableFuture<>();
        context.runOnContext(ignored -> exchanged(exchanged, url, options, token).whenComplete((done, failed) -> {
            if (failed != null) {
                answered.completeExceptionally(failed);
            } else {
                answered.complete(done);
            }
        }));
        try {
            return answered.get();
        } catch (InterruptedException e) {
            StreamAttempt current = attempt;
            if (current != null) {
                current.stop(e);
            }
            Thread.currentThread().interrupt();
            throw cancelled(url.host());
        } catch (ExecutionException e) {
            Throwable cause = Completions.cause(e.getCause());
            if (cause instanceof RuntimeException listener) {
                throw listener;
            }
            throw (AdapterException) cause;
        }
    }

    /**
     * The exchange, from the event loop, with its one stale-connection retry: completes with the attempt the
     * endpoint answered in full, or with the failure {@link #failure} reports.
     */
    private CompletableFuture<StreamAttempt> exchanged(Exchanged exchanged, HttpUrl url, RequestOptions options,
            String token) {
        long startNanos = exchanged.streamed() ? System.nanoTime() : exchanged.startNanos();
        StreamAttempt first = attempt(exchanged, url, token, http, startNanos);
        return sent(first, options).thenCompose(failed -> {
            if (failed == null || cancelled || !first.stale(failed)) {
                return outcome(first, failed, url.host());
            }
            if (exchanged.streamed()) {
                client.staleRetries().streamed();
            } else {
                client.staleRetries().complete();
            }
            // Nothing reached the listener; the new attempt's first byte is awaited within the first one's time.
            StreamAttempt second = attempt(exchanged, url, token, fresh, first.startNanos());
            return sent(second, options).thenCompose(again -> outcome(second, again, url.host()));
        });
    }

    /** Sends the attempt from the event loop (unless the call was cancelled); completes with its failure, or null. */
    private CompletableFuture<Throwable> sent(StreamAttempt current, RequestOptions options) {
        attempt = current;
        if (cancelled) {
            current.stop(new IOException("cancelled"));
        } else {
            current.send(options, Buffer.buffer(body));
        }
        return current.done().handle((ended, failed) -> failed);
    }

    private CompletableFuture<StreamAttempt> outcome(StreamAttempt current, Throwable failed, String host) {
        return failed == null ? CompletableFuture.completedFuture(current)
                : CompletableFuture.failedFuture(failure(failed, host));
    }

    private RequestOptions options(Exchanged exchanged, HttpUrl url, InetAddress address, String token)
            throws AdapterException {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(url.port(), address.getHostAddress()))
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.isHttps())
                .setURI(url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()))
                .setConnectTimeout(client.settings().connectTimeout().toMillis());
        for (ResolvedHeader header : Requests.headers(endpoint, contentType, exchanged.accept(), token,
                traceparent)) {
            options.putHeader(header.name(), wireValue(header.value()));
        }
        return options;
    }

    /**
     * {@link #run} without blocking, on the event loop: for a call that needs no OAuth2 token, to an address already
     * looked up and allowed. Must be called on the stream's event loop; the listener is called there, and the future
     * completes there when the endpoint has ended the stream, or with its failure (an {@link AdapterException}, or
     * what the listener threw).
     */
    public CompletableFuture<Void> runNow(SseListener listener, InetAddress address) {
        return startNow(new Exchanged(host -> EventFramer.of(format.stream(), maxEventBytes, listener), accept(),
                true, System.nanoTime()), address).thenApply(answered -> null);
    }

    /**
     * {@link #whole} without blocking, on the event loop: for a call that needs no OAuth2 token, to an address
     * already looked up and allowed. Must be called on the stream's event loop; the answer completes there.
     */
    CompletableFuture<UpstreamResponse> wholeNow(long maxBytes, InetAddress address) {
        return startNow(new Exchanged(host -> whole = new WholeBody(maxBytes, host), Requests.JSON, false,
                System.nanoTime()), address).thenApply(answered -> new UpstreamResponse(answered.status(),
                        answered.contentType(), whole.bytes()));
    }

    /** The exchange, with its retries but no OAuth2 token, started from the event loop to the given address. */
    private CompletableFuture<StreamAttempt> startNow(Exchanged exchanged, InetAddress address) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a stream runs once");
        }
        HttpUrl url;
        RequestOptions options;
        try {
            url = UpstreamClient.url(endpoint);
            options = options(exchanged, url, address, null);
        } catch (AdapterException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchanged(exchanged, url, options, null);
    }

    private StreamAttempt attempt(Exchanged exchanged, HttpUrl url, String token, HttpClient httpClient,
            long startNanos) {
        return new StreamAttempt(context, () -> exchanged.framers().apply(url.host()), format, timeout,
                exchanged.streamed(), httpClient, startNanos, () -> Requests.secretValues(url, endpoint, token),
                client.clock());
    }

    private String accept() {
        return format.stream() == StreamFormat.NDJSON ? UpstreamClient.NDJSON : UpstreamClient.EVENT_STREAM;
    }

    /** What a failure of the exchange is reported as; never with the text of a Vert.x or Netty message. */
    private AdapterException failure(Throwable cause, String host) {
        if (cancelled) {
            return cancelled(host);
        }
        if (cause instanceof StreamAttempt.ListenerFailure failure) {
            throw failure.getCause();
        }
        if (cause instanceof AdapterException e) {
            return e;
        }
        if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
            return new AdapterException(FailureCategory.Timeout, "no answer from " + host + " in time");
        }
        if (cause instanceof IOException e) {
            return HttpFailures.map(e, host);
        }
        return new AdapterException(FailureCategory.ConnectionFailed, "connection to " + host + " failed");
    }

    private static AdapterException cancelled(String host) {
        return new AdapterException(FailureCategory.ConnectionFailed, "call to " + host + " was cancelled");
    }

    /** Netty writes header values as ISO-8859-1: a value with other characters goes as its UTF-8 bytes. */
    private static String wireValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return value;
    }
}
