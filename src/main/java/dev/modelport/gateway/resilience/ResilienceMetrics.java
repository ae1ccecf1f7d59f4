package dev.modelport.gateway.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The meters of retries, fallbacks and circuits, tagged like the gateway's other meters (namespace and model of
 * existing models, reasons from fixed sets), so the gateway's removal of a deleted model's series removes these too.
 */
@ApplicationScoped
public class ResilienceMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> circuits = new ConcurrentHashMap<>();

    public ResilienceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A failed attempt is retried, for a reason of the RetryOn classes. */
    void retry(String namespace, String model, String reason) {
        Counter.builder("modelport_gateway_retries_total").description("Attempts retried after a failure")
                .tags(tags(namespace, model)).tag("reason", reason).register(registry).increment();
    }

    /** A request to the model is handed to its fallback. */
    public void fallback(String namespace, String model, String fallback) {
        Counter.builder("modelport_gateway_fallbacks_total")
                .description("Requests handed to a fallback model, by the model they named and the fallback")
                .tags(tags(namespace, model)).tag("fallback", fallback).register(registry).increment();
    }

    /** 1 while the model's circuit refuses calls (open, or half-open with its trial under way), else 0. */
    void circuit(String namespace, String model, boolean refusing) {
        AtomicInteger value = circuits.computeIfAbsent(namespace + "/" + model, key -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder("modelport_gateway_circuit_open", state, AtomicInteger::get)
                    .description("1 while the model's circuit breaker refuses calls in this gateway replica")
                    .tags(tags(namespace, model)).strongReference(true).register(registry);
            return state;
        });
        value.set(refusing ? 1 : 0);
    }

    /** Drops a deleted model's gauge; the gateway removes its meters from the registry. */
    void forget(String namespace, String model) {
        circuits.remove(namespace + "/" + model);
    }

    private static Tags tags(String namespace, String model) {
        return Tags.of("namespace", namespace, "model", model);
    }
}
