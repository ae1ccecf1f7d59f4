package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.adapter.sse.SseListener;
import dev.modelport.adapter.sse.SseParser;
import dev.modelport.api.v1alpha1.AuthorizationType;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;

/**
 * A streamed call (server-sent events) to a model endpoint, made by {@link UpstreamClient#stream}. {@link #run}
 * blocks the calling thread (a virtual thread suits) until the stream has ended, while the exchange itself runs
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
    private final String jsonBody;
    private final Duration timeout;
    private final int maxEventBytes;
    private final Exchange tokenExchange;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile Attempt attempt;

    /** @param fresh the client for a retry: a new connection for each request, closed after its answer */
    UpstreamStream(UpstreamClient client, HttpClient http, HttpClient fresh, Context context,
            ResolvedEndpoint endpoint, String jsonBody, Duration timeout, int maxEventBytes) {
        this.client = client;
        this.http = http;
        this.fresh = fresh;
        this.context = context;
        this.endpoint = endpoint;
        this.jsonBody = jsonBody;
        this.timeout = timeout;
        this.maxEventBytes = maxEventBytes;
        this.tokenExchange = client.exchange(timeout);
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
        if (cancelled) {
            throw cancelled(url.host());
        }
        InetAddress address = client.address(url.host());
        boolean oauth2 = endpoint.authorizationType() == AuthorizationType.OAuth2ClientCredentials;
        String token = oauth2 ? client.oauth2Token(endpoint, tokenExchange, timeout) : null;
        try {
            exchange(listener, url, address, token);
        } catch (AdapterException e) {
            if (!oauth2 || !Integer.valueOf(401).equals(e.httpStatus())) {
                throw e;
            }
            client.dropOAuth2Token(endpoint, token);
            exchange(listener, url, address, client.oauth2Token(endpoint, tokenExchange, timeout));
        }
    }

    /** Stops the stream from any thread; harmless when it has not started or has ended. */
    public void cancel() {
        cancelled = true;
        tokenExchange.cancel();
        Attempt current = attempt;
        if (current != null) {
            current.stop(new IOException("cancelled"));
        }
    }

    /** Stops reading the answer until {@link #resume}; call on the event loop, e.g. from the listener. */
    public void pause() {
        Attempt current = attempt;
        if (current != null) {
            current.pause();
        }
    }

    /** Reads the answer again after {@link #pause}; the pause timeout starts afresh. Call on the event loop. */
    public void resume() {
        Attempt current = attempt;
        if (current != null) {
            current.resume();
        }
    }

    /** One HTTP exchange on the event loop; the calling thread waits for its end. */
    private void exchange(SseListener listener, HttpUrl url, InetAddress address, String token)
            throws AdapterException {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(url.port(), address.getHostAddress()))
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.isHttps())
                .setURI(url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery()))
                .setConnectTimeout(client.settings().connectTimeout().toMillis());
        for (ResolvedHeader header : Requests.headers(endpoint, UpstreamClient.EVENT_STREAM, token)) {
            options.putHeader(header.name(), wireValue(header.value()));
        }
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        Attempt first = new Attempt(listener, url, token, http, System.nanoTime());
        Throwable failed = await(first, options, body, url.host());
        if (failed != null && !cancelled && first.sent != null && first.sent.stale(failed)) {
            client.staleRetries().streamed();
            // Nothing reached the listener; the new attempt's first byte is awaited within the first one's time.
            failed = await(new Attempt(listener, url, token, fresh, first.startNanos), options, body, url.host());
        }
        if (failed != null) {
            throw failure(failed, url.host());
        }
    }

    /** Runs the attempt on the event loop and waits for its end; returns its failure, or null. */
    private Throwable await(Attempt current, RequestOptions options, byte[] body, String host)
            throws AdapterException {
        attempt = current;
        if (cancelled) {
            throw cancelled(host);
        }
        context.runOnContext(ignored -> current.send(options, Buffer.buffer(body)));
        try {
            current.done.get();
            return null;
        } catch (InterruptedException e) {
            current.stop(e);
            Thread.currentThread().interrupt();
            throw cancelled(host);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** What a failure of the exchange is reported as; never with the text of a Vert.x or Netty message. */
    private AdapterException failure(Throwable cause, String host) {
        if (cancelled) {
            return cancelled(host);
        }
        if (cause instanceof ListenerFailure failure) {
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

    /** An exception of the listener, carried to the calling thread to be rethrown as it is. */
    private static final class ListenerFailure extends Exception {
        ListenerFailure(RuntimeException cause) {
            super(null, cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** The state of one exchange; its callbacks run on the event loop, {@link #stop} on any thread. */
    private final class Attempt {

        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final SseListener listener;
        private final HttpUrl url;
        private final String token;
        private final HttpClient httpClient;
        private final long startNanos;
        private volatile HttpClientRequest request;
        /** What the connection had received when the request went out; null before, or when not counted. */
        private AnswerBytes.Mark sent;
        private HttpClientResponse response;
        private boolean paused;
        private long lastReadNanos;
        private long timer;

        /**
         * @param token the OAuth2 access token the request carries, else null
         * @param startNanos when the wait for the first byte began
         */
        Attempt(SseListener listener, HttpUrl url, String token, HttpClient httpClient, long startNanos) {
            this.listener = listener;
            this.url = url;
            this.token = token;
            this.httpClient = httpClient;
            this.startNanos = startNanos;
        }

        void send(RequestOptions options, Buffer body) {
            if (done.isDone()) {
                return;
            }
            lastReadNanos = startNanos;
            checkPause(-1);
            done.whenComplete((ended, failed) -> context.runOnContext(ignored -> context.owner().cancelTimer(timer)));
            httpClient.request(options).onComplete(opened -> {
                if (opened.failed()) {
                    done.completeExceptionally(opened.cause());
                    return;
                }
                request = opened.result();
                if (done.isDone()) {
                    request.reset();
                    return;
                }
                sent = AnswerBytes.mark(request.connection());
                request.send(body).onComplete(answered -> {
                    if (answered.failed()) {
                        stop(answered.cause());
                    } else {
                        receive(answered.result());
                    }
                });
            });
        }

        private void receive(HttpClientResponse response) {
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                failWithStatus(response, status);
                return;
            }
            SseParser parser = new SseParser(maxEventBytes, listener);
            this.response = response;
            response.handler(chunk -> {
                if (done.isDone()) {
                    return;
                }
                lastReadNanos = System.nanoTime();
                try {
                    byte[] bytes = chunk.getBytes();
                    parser.feed(bytes, 0, bytes.length);
                } catch (AdapterException e) {
                    stop(e);
                } catch (RuntimeException e) {
                    stop(new ListenerFailure(e));
                }
            });
            response.exceptionHandler(this::stop);
            response.endHandler(ignored -> done.complete(null));
        }

        /** Ends the exchange with an error status, after reading a 4xx body for its error object. */
        private void failWithStatus(HttpClientResponse response, int status) {
            Duration retryAfter = HttpFailures.retryAfter(response.getHeader("Retry-After"), client.clock());
            if (!HttpFailures.readsErrorBody(status)) {
                stop(HttpFailures.status(status, retryAfter, null, List.of()));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (done.isDone()) {
                    return;
                }
                lastReadNanos = System.nanoTime();
                if (body.length() + chunk.length() > HttpFailures.MAX_ERROR_BYTES) {
                    stop(HttpFailures.status(status, retryAfter, null, List.of()));
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(this::stop);
            response.endHandler(ignored -> done.completeExceptionally(HttpFailures.status(status, retryAfter,
                    body.getBytes(), Requests.secretValues(url, endpoint, token))));
        }

        void pause() {
            paused = true;
            if (response != null) {
                response.pause();
            }
        }

        void resume() {
            paused = false;
            lastReadNanos = System.nanoTime();
            if (response != null) {
                response.resume();
            }
        }

        /**
         * One timer per exchange, armed as the request goes out and re-armed when it fires for the time left since
         * the last read: the first byte (counted from the attempt's start), and then each pause, may last the
         * timeout. While the reader has paused the stream, the endpoint is not the one waiting, so the timer only
         * re-arms.
         */
        private void checkPause(long firedTimer) {
            if (done.isDone()) {
                return;
            }
            long left = paused ? timeout.toNanos() : timeout.toNanos() - (System.nanoTime() - lastReadNanos);
            if (left <= 0) {
                stop(new TimeoutException());
            } else {
                timer = context.owner().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)), this::checkPause);
            }
        }

        /** Ends the exchange with the failure and closes its connection. */
        void stop(Throwable failure) {
            if (done.completeExceptionally(failure)) {
                HttpClientRequest sent = request;
                if (sent != null) {
                    sent.reset();
                }
            }
        }
    }
}
