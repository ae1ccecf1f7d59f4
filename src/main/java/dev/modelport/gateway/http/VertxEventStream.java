package dev.modelport.gateway.http;

import dev.modelport.gateway.EventStream;
import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.chat.Responses;
import dev.modelport.upstream.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An event stream on a Vert.x response: the 200 and its headers go with the first event.
 *
 * <p>Back-pressure: when a write leaves the response's write queue full (Netty's high-water mark, 64 KiB), the
 * upstream call is paused until the queue drains, so a slow caller holds the endpoint back through TCP instead of
 * filling the gateway's memory. A caller that leaves the queue full for the caller read timeout is cut off (its
 * connection closed) and the upstream call cancelled.
 *
 * <p>Bounds: an event that would take the bytes written past the stream's limit is not written, nor is an event
 * that comes after the stream's time is up; both cancel the upstream call, and the stream then ends with the bound's
 * error event ({@link #stopReason()}). The time is checked as events come, with no timer of its own: a timer set
 * and cancelled for every stream costs two hand-offs to the event loop, and a stream that sends nothing is already
 * bounded by the upstream timeout between events.
 *
 * <p>Writes: the events the event loop sends while it handles one read of the upstream (one chunk holds several
 * events, often all of them) go to the caller as one write, at the end of that task, instead of one write and
 * system call each; a write per event cost a fifth of the gateway's CPU on streams.
 *
 * <p>Threads: events are sent on the event loop (from an upstream stream) or by the request's thread (a single
 * answer of a custom model, the end of a stream), never both at once: what another thread sends is written on the
 * event loop after what it holds. {@link #stop} may be called from any thread, and {@link #end} and {@link #fail}
 * end the stream on the event loop, after what it holds.
 */
final class VertxEventStream implements EventStream {

    private final HttpServerResponse response;
    private final Context context;
    private final StreamBounds bounds;
    private final AtomicReference<GatewayException> stopped = new AtomicReference<>();
    private volatile UpstreamStream upstream;
    private volatile Runnable gone = () -> { };
    private volatile boolean started;
    private final long deadlineNanos;
    private long written;
    private boolean paused;
    private long readTimer;
    /** Events sent on the event loop and not yet written: written together when its current task ends. */
    private Buffer pending;

    /** @param context the event loop of the request */
    VertxEventStream(HttpServerResponse response, Context context, StreamBounds bounds) {
        this.response = response;
        this.context = context;
        this.bounds = bounds;
        this.deadlineNanos = System.nanoTime() + bounds.maxDuration().toNanos();
    }

    @Override
    public Context context() {
        return context;
    }

    @Override
    public void send(String event) {
        if (stopped.get() != null || response.closed() || response.ended()) {
            return;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            stop(bounds.tooLong());
            return;
        }
        Buffer bytes = Buffer.buffer(event);
        if (written + bytes.length() > bounds.maxBytes()) {
            stop(bounds.tooLarge());
            return;
        }
        written += bytes.length();
        if (!started) {
            started = true;
            response.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        if (!Context.isOnEventLoopThread()) {
            context.runOnContext(ignored -> {
                flush();
                write(bytes);
            });
        } else if (pending == null) {
            pending = bytes;
            context.runOnContext(ignored -> flush());
        } else {
            pending.appendBuffer(bytes);
        }
    }

    /** On the event loop: writes what the current task sent. */
    private void flush() {
        Buffer bytes = pending;
        pending = null;
        if (bytes != null && !response.closed() && !response.ended()) {
            write(bytes);
        }
    }

    private void write(Buffer bytes) {
        response.write(bytes);
        if (!paused && upstream != null && response.writeQueueFull()) {
            pauseUpstream();
        }
    }

    @Override
    public void feedFrom(UpstreamStream source, Runnable callerGone) {
        gone = callerGone;
        upstream = source;
        response.drainHandler(ignored -> resumeUpstream());
        response.closeHandler(ignored -> {
            callerGone.run();
            source.cancel();
        });
        if (response.closed() || stopped.get() != null) {
            callerGone.run();
            source.cancel();
        }
    }

    /** On the event loop, from a write. */
    private void pauseUpstream() {
        paused = true;
        upstream.pause();
        readTimer = context.owner().setTimer(bounds.callerReadTimeout().toMillis(), fired -> cutOff());
    }

    /** On the event loop, when the caller has taken enough of the queue. */
    private void resumeUpstream() {
        if (paused) {
            paused = false;
            context.owner().cancelTimer(readTimer);
            upstream.resume();
        }
    }

    /**
     * The caller read nothing for its time: its connection is closed, nothing more can reach it. A stream that ended
     * meanwhile is left alone: its last events wait in the queue like any answer's.
     */
    private void cutOff() {
        if (paused && !response.ended() && stop(bounds.callerNotReading())) {
            response.close();
        }
    }

    /**
     * Ends the stream early for the gateway's own reason, from any thread: the upstream call is cancelled, no more
     * events are written, and the reason becomes the stream's outcome. Only the first reason counts.
     *
     * @return whether this reason stopped the stream
     */
    boolean stop(GatewayException reason) {
        if (!stopped.compareAndSet(null, reason)) {
            return false;
        }
        gone.run();
        UpstreamStream source = upstream;
        if (source != null) {
            source.cancel();
        }
        return true;
    }

    /** Why the gateway stopped the stream itself, if it did. */
    Optional<GatewayException> stopReason() {
        return Optional.ofNullable(stopped.get());
    }

    boolean started() {
        return started;
    }

    /** Ends the stream after its last event. */
    void end() {
        context.runOnContext(ignored -> {
            flush();
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }

    /** Ends a started stream with the failure as its last event, whatever the bounds. */
    void fail(GatewayException failure) {
        context.runOnContext(ignored -> {
            flush();
            if (!response.closed() && !response.ended()) {
                response.end(Responses.errorEvent(failure));
            }
        });
    }
}
