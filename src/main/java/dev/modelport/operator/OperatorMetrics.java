package dev.modelport.operator;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionReasons;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.connectivity.TestResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The operator's own Prometheus meters, recorded where it decides: a connectivity test finished (by outcome and
 * failure reason, a fixed set), and the status a reconcile decided for a model (its phase, and whether its last test
 * passed). Reconcile successes and failures are the Java Operator SDK's own meters (reconciliations_*), not repeated
 * here. Only the per-model gauge names a model; it exists while the model does and goes when it is deleted.
 */
public final class OperatorMetrics {

    static final String TESTS = "modelport_operator_connectivity_tests_total";
    static final String TEST_DURATION = "modelport_operator_connectivity_test_duration_seconds";
    static final String MODELS = "modelport_operator_models";
    static final String TEST_PASSED = "modelport_operator_model_test_passed";
    static final String PASSED = "passed";
    static final String FAILED = "failed";
    /** Upper bounds of the test duration histogram: a test may take up to its timeout, 30 s unless set. */
    private static final Duration[] TEST_BUCKETS = Stream.of(100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
            120_000).map(Duration::ofMillis).toArray(Duration[]::new);

    private record Key(String namespace, String name) {
    }

    /** What the gauges read of one model: its phase (null before it has one) and its Tested gauge, if any. */
    private static final class ModelState {
        volatile Phase phase;
        final AtomicInteger testPassed = new AtomicInteger();
        Gauge testGauge;
    }

    private final MeterRegistry registry;
    private final Map<Key, ModelState> models = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Phase phase : Phase.values()) {
            Gauge.builder(MODELS, models, all -> all.values().stream().filter(m -> m.phase == phase).count())
                    .description("ExternalModels by status.phase, as the leading operator replica decided it")
                    .tag("phase", phase.name()).strongReference(true).register(registry);
        }
    }

    /** A connectivity test finished with this result. */
    void testFinished(TestResult result) {
        String outcome = result.passed() ? PASSED : FAILED;
        String reason = result.passed() ? ConditionReasons.TEST_PASSED : result.failure().category().reason();
        Counter.builder(TESTS).description("Connectivity tests run, by outcome and the Tested condition's reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry).increment();
        Long millis = result.lastTest() == null ? null : result.lastTest().durationMillis;
        if (millis != null) {
            Timer.builder(TEST_DURATION).description("Connectivity test duration (status.lastTest.durationMillis)")
                    .tag("outcome", outcome).serviceLevelObjectives(TEST_BUCKETS).register(registry)
                    .record(Duration.ofMillis(millis));
        }
    }

    /**
     * A reconcile decided this status for the model (written or unchanged): its phase, and its Tested condition
     * (1 True, 0 False; no series while it is Unknown or absent).
     */
    void modelStatus(String namespace, String name, ExternalModelStatus status) {
        Key key = new Key(namespace, name);
        models.compute(key, (ignored, state) -> {
            ModelState current = state == null ? new ModelState() : state;
            current.phase = status.phase;
            Condition tested = Conditions.find(status.conditions, ConditionType.TESTED);
            if (tested == null || tested.status == ConditionStatus.UNKNOWN) {
                removeTestGauge(current);
            } else {
                current.testPassed.set(tested.status == ConditionStatus.TRUE ? 1 : 0);
                if (current.testGauge == null) {
                    current.testGauge = Gauge.builder(TEST_PASSED, current.testPassed, AtomicInteger::get)
                            .description("1 while the model's last connectivity test passed, 0 while it failed")
                            .tags(Tags.of("namespace", namespace, "model", name)).strongReference(true)
                            .register(registry);
                }
            }
            return current;
        });
    }

    /** The model was deleted: it leaves the phase counts and its series go. */
    void forget(String namespace, String name) {
        models.computeIfPresent(new Key(namespace, name), (ignored, state) -> {
            removeTestGauge(state);
            return null;
        });
    }

    private void removeTestGauge(ModelState state) {
        if (state.testGauge != null) {
            registry.remove(state.testGauge);
            state.testGauge = null;
        }
    }
}
