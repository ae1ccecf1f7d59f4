package dev.modelport.operator;

import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.OpenCircuit;
import dev.modelport.validation.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the gateway replicas' entries in status.openCircuits for the Degraded condition. An entry counts until its
 * replica lets a trial call through (retryAt) plus the time that call may take (the model's timeout, or the
 * gateway's default of 60s): by then a live replica has either removed it (the trial passed) or written it again
 * (it failed). So an entry that was never updated, from a replica that stopped without removing it or of a model no
 * one called since, stops counting by itself. Pure: the time is given.
 */
final class OpenCircuits {

    /** The gateway's modelport.gateway.upstream-timeout by default, for a model that sets no timeout. */
    static final Duration DEFAULT_TRIAL = Duration.ofSeconds(60);

    private OpenCircuits() {
    }

    /** The entries that count at {@code now}, by replica. */
    static List<OpenCircuit> current(ExternalModelStatus status, ExternalModelSpec spec, Instant now) {
        if (status == null || status.openCircuits == null) {
            return List.of();
        }
        return status.openCircuits.stream().filter(c -> expiry(c, spec).map(now::isBefore).orElse(false))
                .sorted(Comparator.comparing(c -> c.replica)).toList();
    }

    /** When the first of the counting entries stops counting, if any counts. */
    static Optional<Instant> nextExpiry(ExternalModelStatus status, ExternalModelSpec spec, Instant now) {
        return current(status, spec, now).stream().map(c -> expiry(c, spec).orElseThrow())
                .min(Comparator.naturalOrder());
    }

    /** The Degraded condition's message: which replicas refuse calls, until when, and why. */
    static String message(List<OpenCircuit> open) {
        OpenCircuit first = open.get(0);
        String replicas = open.stream().map(c -> c.replica + " (trial at " + c.retryAt + ")")
                .collect(Collectors.joining(", "));
        return "the circuit breaker is open on " + open.size() + " gateway replica" + (open.size() == 1 ? "" : "s")
                + ", which answer 503 without calling the endpoint: " + replicas
                + (first.reason == null ? "" : "; it opened on " + first.reason + ": " + first.message);
    }

    private static Optional<Instant> expiry(OpenCircuit circuit, ExternalModelSpec spec) {
        if (circuit.retryAt == null) {
            return Optional.empty();
        }
        Duration trial = spec == null || spec.inference == null ? null : Durations.parse(spec.inference.timeout);
        return Optional.of(circuit.retryAt.plus(trial == null ? DEFAULT_TRIAL : trial));
    }
}
