package dev.modelport.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.adapter.AdapterException;
import dev.modelport.adapter.FailureCategory;
import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Phase;
import dev.modelport.connectivity.TestResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The operator's meters: tests by outcome and reason, models by phase, and each model's Tested condition. */
class OperatorMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final OperatorMetrics metrics = new OperatorMetrics(registry);

    @Test
    void shouldCountTestsByOutcomeAndReasonAndTimeThemInFixedBuckets() {
        metrics.testFinished(result(420L, null));
        metrics.testFinished(result(30_000L, new AdapterException(FailureCategory.Timeout, "no answer in 30s")));
        metrics.testFinished(result(3L, new AdapterException(FailureCategory.ConnectionRefused, "refused")));

        assertThat(tests("passed", "TestPassed")).isEqualTo(1);
        assertThat(tests("failed", "Timeout")).isEqualTo(1);
        assertThat(tests("failed", "ConnectionRefused")).isEqualTo(1);
        Timer failed = registry.get(OperatorMetrics.TEST_DURATION).tag("outcome", "failed").timer();
        assertThat(failed.count()).isEqualTo(2);
        assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(30_003);
        assertThat(Arrays.stream(failed.takeSnapshot().histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)))
                .as("bounded buckets, past the default test timeout").hasSize(10).startsWith(0.1).contains(30.0)
                .endsWith(120.0);
        assertThat(registry.find(OperatorMetrics.TEST_DURATION).timers()).as("no model on the histogram")
                .allSatisfy(timer -> assertThat(timer.getId().getTags()).hasSize(1));
    }

    @Test
    void shouldCountModelsByPhaseAsTheReconcilesDecidedIt() {
        metrics.modelStatus("team-a", "first", status(null, null));
        metrics.modelStatus("team-a", "served", status(Phase.InferenceEnabled, ConditionStatus.TRUE));
        metrics.modelStatus("team-b", "served", status(Phase.InferenceEnabled, ConditionStatus.TRUE));
        metrics.modelStatus("team-a", "broken", status(Phase.Ready, ConditionStatus.TRUE));
        metrics.modelStatus("team-a", "broken", status(Phase.Failed, ConditionStatus.FALSE));

        assertThat(models(Phase.InferenceEnabled)).isEqualTo(2);
        assertThat(models(Phase.Failed)).isEqualTo(1);
        assertThat(models(Phase.Ready)).as("the model left Ready").isZero();
        assertThat(models(Phase.Draft)).isZero();
        assertThat(registry.find(OperatorMetrics.MODELS).gauges()).as("one series per phase, none per model")
                .hasSize(Phase.values().length);
    }

    @Test
    void shouldShowWhetherEachModelsLastTestPassedOnlyWhileItIsKnown() {
        metrics.modelStatus("team-a", "support", status(null, ConditionStatus.UNKNOWN));
        assertThat(registry.find(OperatorMetrics.TEST_PASSED).gauges()).as("first test running").isEmpty();

        metrics.modelStatus("team-a", "support", status(Phase.Failed, ConditionStatus.FALSE));
        assertThat(testPassed("team-a", "support")).isZero();

        metrics.modelStatus("team-a", "support", status(Phase.Ready, ConditionStatus.TRUE));
        assertThat(testPassed("team-a", "support")).isEqualTo(1);
        assertThat(registry.find(OperatorMetrics.TEST_PASSED).gauges()).hasSize(1);

        metrics.modelStatus("team-a", "support", status(Phase.Failed, null));
        assertThat(registry.find(OperatorMetrics.TEST_PASSED).gauges()).as("an invalid spec is not tested")
                .isEmpty();
    }

    @Test
    void shouldForgetADeletedModelOnly() {
        metrics.modelStatus("team-a", "support", status(Phase.Failed, ConditionStatus.FALSE));
        metrics.modelStatus("team-b", "support", status(Phase.Failed, ConditionStatus.FALSE));

        metrics.forget("team-a", "support");
        metrics.forget("team-a", "never-seen");

        assertThat(models(Phase.Failed)).isEqualTo(1);
        assertThat(registry.find(OperatorMetrics.TEST_PASSED).gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag("namespace")).isEqualTo("team-b"));
    }

    private double tests(String outcome, String reason) {
        return registry.get(OperatorMetrics.TESTS).tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    private double models(Phase phase) {
        return registry.get(OperatorMetrics.MODELS).tag("phase", phase.name()).gauge().value();
    }

    private double testPassed(String namespace, String model) {
        return registry.get(OperatorMetrics.TEST_PASSED).tag("namespace", namespace).tag("model", model).gauge()
                .value();
    }

    private static TestResult result(Long millis, AdapterException failure) {
        LastTest lastTest = new LastTest();
        lastTest.durationMillis = millis;
        return new TestResult(lastTest, null, null, failure, "creds");
    }

    /** A status with this phase and Tested condition (none when null). */
    private static ExternalModelStatus status(Phase phase, ConditionStatus tested) {
        ExternalModelStatus status = new ExternalModelStatus();
        status.phase = phase;
        if (tested != null) {
            Condition condition = new Condition();
            condition.type = ConditionType.TESTED;
            condition.status = tested;
            status.conditions = List.of(condition);
        }
        return status;
    }
}
