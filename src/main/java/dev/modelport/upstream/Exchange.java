package dev.modelport.upstream;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * One use of the client, which may take several HTTP exchanges (an OAuth2 token, a retry after 401). It owns the
 * timer that bounds them together and the cancellation from another thread: both cancel the OkHttp call in
 * flight, and the failure of that call is then reported as a timeout or a cancellation rather than as the I/O
 * error it surfaces as. Each exchange that fails on a stale pooled connection is sent once more on a new
 * connection (see {@link StaleConnectionRetries}), within the same time.
 */
final class Exchange {

    private final Duration timeout;
    private final Runnable staleRetry;
    private long deadlineNanos;
    private final Timer timer = new Timer();
    private Call current;
    private boolean cancelled;
    private boolean timedOut;

    /** @param staleRetry told of each exchange sent once more because its pooled connection was stale */
    Exchange(Duration timeout, Runnable staleRetry) {
        this.timeout = timeout;
        this.staleRetry = staleRetry;
        timer.timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the timer; called once, on the thread that then makes the calls. */
    void startTimer() {
        deadlineNanos = System.nanoTime() + timeout.toNanos();
        timer.enter();
    }

    void stopTimer() {
        timer.exit();
    }

    /** Time left before the timer fires, for waits that are not OkHttp calls. */
    long remainingNanos() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    Response execute(OkHttpClient client, Request request) throws IOException {
        ConnectionUse use = new ConnectionUse();
        try {
            return start(client, use.tag(request));
        } catch (IOException e) {
            if (!use.stale(e) || stopped()) {
                throw e;
            }
            staleRetry.run();
            return start(ConnectionUse.freshConnections(client), request);
        }
    }

    private Response start(OkHttpClient client, Request request) throws IOException {
        Call call = client.newCall(request);
        synchronized (this) {
            if (stopped()) {
                throw new InterruptedIOException("canceled");
            }
            current = call;
        }
        return call.execute();
    }

    private synchronized boolean stopped() {
        return cancelled || timedOut;
    }

    synchronized void cancel() {
        cancelled = true;
        if (current != null) {
            current.cancel();
        }
    }

    private synchronized void timeOut() {
        timedOut = true;
        if (current != null) {
            current.cancel();
        }
    }

    /** The failure to report for an I/O error of a call to this host. */
    AdapterException failure(IOException e, String host) {
        synchronized (this) {
            if (cancelled) {
                return new AdapterException(FailureCategory.ConnectionFailed, "call to " + host + " was cancelled", e);
            }
            if (timedOut) {
                return new AdapterException(FailureCategory.Timeout,
                        "no answer from " + host + " within " + timeout.toMillis() + " ms", e);
            }
        }
        // A socket timeout: connecting (OkHttp's connect timeout; reads and writes have none of their own).
        if (e instanceof InterruptedIOException) {
            return new AdapterException(FailureCategory.Timeout, "no answer from " + host + " in time", e);
        }
        return HttpFailures.map(e, host);
    }

    private final class Timer extends AsyncTimeout {
        @Override
        protected void timedOut() {
            timeOut();
        }
    }
}
