package dev.modelport.gateway.resilience;

import dev.modelport.adapter.AdapterException;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.RetryOn;
import dev.modelport.gateway.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guards of the models this replica serves, one per model, kept while its resilience settings stay the same
 * (an edit of its prompt or endpoint keeps its circuit's state; new settings start a new guard) and dropped when the
 * model is deleted or no longer served. Their circuits' events go to the metrics and to the model's status.
 */
@ApplicationScoped
public class ModelGuards {

    /** A guard and the spec object it was last found for, so an unchanged model costs one map lookup. */
    private record Held(ExternalModelSpec spec, ModelGuard guard) {
    }

    private final Clock clock;
    private final GatewaySettings settings;
    private final ResilienceMetrics metrics;
    private final CircuitReports reports;
    private final Map<String, Held> guards = new ConcurrentHashMap<>();
    private final ModelGuard.Listener listener = new ModelGuard.Listener() {
        @Override
        public void opened(ModelGuard guard, Instant since, Instant retryAt, AdapterException cause) {
            metrics.circuit(guard.namespace(), guard.name(), true);
            reports.opened(guard.namespace(), guard.name(), since, retryAt, cause);
        }

        @Override
        public void halfOpened(ModelGuard guard) {
            // Still refusing every call but its trial; the status entry stands until the trial decides.
        }

        @Override
        public void closed(ModelGuard guard) {
            metrics.circuit(guard.namespace(), guard.name(), false);
            reports.closed(guard.namespace(), guard.name());
        }

        @Override
        public void retrying(ModelGuard guard, RetryOn reason) {
            metrics.retry(guard.namespace(), guard.name(), reason.name());
        }
    };

    public ModelGuards(Clock clock, GatewaySettings settings, ResilienceMetrics metrics, CircuitReports reports) {
        this.clock = clock;
        this.settings = settings;
        this.metrics = metrics;
        this.reports = reports;
    }

    /** The model's guard, built on first use and again when its resilience settings change. */
    public ModelGuard guard(String namespace, String name, ExternalModelSpec spec) {
        String key = namespace + "/" + name;
        Held held = guards.get(key);
        if (held != null && held.spec() == spec) {
            return held.guard();
        }
        ResiliencePolicy policy = ResiliencePolicy.of(spec.inference, settings.upstreamTimeout());
        return guards.compute(key, (ignored, current) -> {
            if (current != null && current.guard().policy().equals(policy)) {
                return new Held(spec, current.guard());
            }
            if (current != null) {
                retired(current.guard());
            }
            return new Held(spec, new ModelGuard(namespace, name, policy, clock, listener));
        }).guard();
    }

    /** The model is no longer served here (deleted when {@code deleted}): its guard and status entry go. */
    public void retire(String namespace, String name, boolean deleted) {
        Held held = guards.remove(namespace + "/" + name);
        if (deleted) {
            metrics.forget(namespace, name);
            reports.forget(namespace, name);
        } else if (held != null) {
            retired(held.guard());
        }
    }

    private void retired(ModelGuard guard) {
        if (guard.refusing()) {
            metrics.circuit(guard.namespace(), guard.name(), false);
        }
        reports.closed(guard.namespace(), guard.name());
    }
}
