package dev.modelport.operator;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.connectivity.TestResult;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * Records each of the operator's meters once, for tests that read the metric names the code exports: its own, and
 * the Java Operator SDK's reconcile counts, built as the Quarkus Operator SDK builds them when Micrometer is present
 * (MicrometerMetricsProvider: MicrometerMetricsV2 with its defaults) and named as the operator's controller is.
 */
public final class OperatorMeterSamples {

    /** The controller name JOSDK tags its meters with: the reconciler's class name, lower case. */
    public static final String CONTROLLER = "externalmodelreconciler";

    private OperatorMeterSamples() {
    }

    public static void recordEach(MeterRegistry registry) {
        OperatorMetrics metrics = new OperatorMetrics(registry);
        LastTest lastTest = new LastTest();
        lastTest.durationMillis = 420L;
        metrics.testFinished(new TestResult(lastTest, null, null,
                new AdapterException(FailureCategory.Timeout, "no answer"), null));
        ExternalModelStatus status = new ExternalModelStatus();
        status.phase = Phase.Failed;
        Condition tested = new Condition();
        tested.type = ConditionType.TESTED;
        tested.status = ConditionStatus.FALSE;
        status.conditions = List.of(tested);
        metrics.modelStatus("team-a", "support", status);

        Metrics reconciles = MicrometerMetricsV2.newBuilder(registry).build();
        ExternalModel model = new ExternalModel();
        model.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("support").build());
        Map<String, Object> controller = Map.of(Constants.CONTROLLER_NAME, CONTROLLER);
        reconciles.reconciliationSucceeded(model, controller);
        reconciles.reconciliationFailed(model, null, new IllegalStateException("failed"), controller);
    }
}
