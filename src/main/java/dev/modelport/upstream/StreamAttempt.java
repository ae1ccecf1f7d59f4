package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.AnswerFormat;
import dev.modelport.adapter.sse.EventFramer;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One HTTP exchange of an {@link UpstreamStream}: its callbacks run on the stream's event loop, {@link #stop} on any
 * thread. A 2xx answer's bytes go to a framer made for it as they arrive: a stream's events, or a whole body.
 * {@link #done()} completes when the endpoint ends the answer, or exceptionally with the failure (an
 * {@link AdapterException}, a {@link ListenerFailure}, a {@link TimeoutException} or what Vert.x reported).
 */
final class StreamAttempt {

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Context context;
    private final Supplier<EventFramer> framers;
    private final AnswerFormat format;
    private final Duration timeout;
    private final boolean readsRearm;
    private final HttpClient httpClient;
    private final long startNanos;
    /** The secret values the request carried, for dropping an error object that repeats one. */
    private final Supplier<List<String>> secrets;
    private final Clock clock;
    private volatile HttpClientRequest request;
    /** What the connection had received when the request went out; null before, or when not counted. */
    private volatile AnswerBytes.Mark sent;
    private HttpClientResponse response;
    /** The 2xx status the endpoint answered with; 0 before, or for an error status. */
    private volatile int status;
    private volatile String contentType;
    private boolean paused;
    private long lastReadNanos;
    private long timer;

    /**
     * @param framers makes the framer of a 2xx answer
     * @param format how an error answer is read
     * @param readsRearm whether each read starts the timeout afresh (a stream's pauses), or it bounds the whole
     *     exchange from its start (a complete answer)
     * @param startNanos when the wait for the first byte began
     */
    StreamAttempt(Context context, Supplier<EventFramer> framers, AnswerFormat format, Duration timeout,
            boolean readsRearm, HttpClient httpClient, long startNanos, Supplier<List<String>> secrets, Clock clock) {
        this.context = context;
        this.framers = framers;
        this.format = format;
        this.timeout = timeout;
        this.readsRearm = readsRearm;
        this.httpClient = httpClient;
        this.startNanos = startNanos;
        this.secrets = secrets;
        this.clock = clock;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    int status() {
        return status;
    }

    /** The Content-Type of the 2xx answer, or null. */
    String contentType() {
        return contentType;
    }

    long startNanos() {
        return startNanos;
    }

    /** Whether the exchange failed on a stale pooled connection (see {@link AnswerBytes.Mark#stale}). */
    boolean stale(Throwable failure) {
        AnswerBytes.Mark mark = sent;
        return mark != null && mark.stale(failure);
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
        EventFramer parser = framers.get();
        this.contentType = response.getHeader("Content-Type");
        this.status = status;
        this.response = response;
        response.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            if (readsRearm) {
                lastReadNanos = System.nanoTime();
            }
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
        response.endHandler(ignored -> {
            try {
                parser.end();
                done.complete(null);
            } catch (AdapterException e) {
                stop(e);
            } catch (RuntimeException e) {
                stop(new ListenerFailure(e));
            }
        });
    }

    /** Ends the exchange with an error status, after reading a 4xx body for its error object. */
    private void failWithStatus(HttpClientResponse response, int status) {
        Duration retryAfter = HttpFailures.retryAfter(response.getHeader("Retry-After"), clock);
        if (!HttpFailures.readsErrorBody(status)) {
            stop(HttpFailures.status(status, retryAfter, null, List.of(), format.errors()));
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            if (readsRearm) {
                lastReadNanos = System.nanoTime();
            }
            if (body.length() + chunk.length() > HttpFailures.MAX_ERROR_BYTES) {
                stop(HttpFailures.status(status, retryAfter, null, List.of(), format.errors()));
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(this::stop);
        response.endHandler(ignored -> done.completeExceptionally(HttpFailures.status(status, retryAfter,
                body.getBytes(), secrets.get(), format.errors())));
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
            HttpClientRequest current = request;
            if (current != null) {
                current.reset();
            }
        }
    }

    /** An exception of the listener, carried to the calling thread to be rethrown as it is. */
    static final class ListenerFailure extends Exception {
        ListenerFailure(RuntimeException cause) {
            super(null, cause, false, false);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }
}
