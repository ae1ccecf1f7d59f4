package dev.modelport.gateway.http;

import dev.modelport.gateway.GatewayException;
import dev.modelport.gateway.GatewaySettings;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's part of a graceful shutdown. Quarkus does the rest ({@code quarkus.shutdown.*}): on SIGTERM its
 * readiness check turns DOWN at once and requests are still served for {@code quarkus.shutdown.delay}, while the pod
 * leaves the Services' endpoints; then it waits up to {@code quarkus.shutdown.timeout} for the requests in flight
 * and stops. Two things it leaves to the application: after the delay it would still serve new requests (only
 * closing their connections afterwards), which here are refused at once with 503; and at the timeout it would close
 * the server under the streams still running, which here end shortly before with the error event, so that a caller
 * sees a failed stream rather than a cut connection.
 */
@ApplicationScoped
public class GatewayShutdown {

    private static final Logger LOG = Logger.getLogger(GatewayShutdown.class);
    /** Left for the error events to be written before Quarkus's own wait ends. */
    private static final Duration LAST_WORDS = Duration.ofMillis(500);

    private final GatewaySettings settings;
    private final Vertx vertx;
    private final Duration delay;
    private final Optional<Duration> timeout;
    private final Set<VertxEventStream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;
    private volatile long refuseFromNanos;

    GatewayShutdown(GatewaySettings settings, Vertx vertx,
            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> timeout) {
        this.settings = settings;
        this.vertx = vertx;
        this.delay = delay.orElse(Duration.ZERO);
        this.timeout = timeout;
    }

    /** Called by Quarkus as the shutdown starts, before its delay. */
    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        if (!settings.enabled()) {
            return;
        }
        refuseFromNanos = System.nanoTime() + delay.toNanos();
        shuttingDown = true;
        LOG.infof("shutting down: serving new requests for %d ms more, the streams in flight for up to %s",
                delay.toMillis(), timeout.map(t -> t.toMillis() + " ms after that").orElse("no time"));
        timeout.ifPresent(last -> {
            Duration margin = last.compareTo(LAST_WORDS.multipliedBy(2)) < 0 ? last.dividedBy(2) : LAST_WORDS;
            vertx.setTimer(Math.max(1, delay.plus(last).minus(margin).toMillis()), fired -> stopStreams());
        });
    }

    /** Whether a new request is refused: the drain delay is over. */
    boolean refusing() {
        return shuttingDown && System.nanoTime() - refuseFromNanos >= 0;
    }

    GatewayException refused() {
        return new GatewayException(503, "service_unavailable", "shutting_down", "the gateway is shutting down");
    }

    /** A stream in flight, until it ends. */
    void track(VertxEventStream stream) {
        streams.add(stream);
    }

    void ended(VertxEventStream stream) {
        streams.remove(stream);
    }

    private void stopStreams() {
        if (!streams.isEmpty()) {
            LOG.infof("shutdown timeout: the streams still in flight (%d) end with the error event", streams.size());
        }
        streams.forEach(stream -> stream.stop(refused()));
    }
}
