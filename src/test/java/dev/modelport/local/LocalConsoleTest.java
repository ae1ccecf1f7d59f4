package dev.modelport.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelSpec;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Inference;
import dev.modelport.api.v1alpha1.LastTest;
import dev.modelport.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalConsoleTest {

    @Test
    void shouldShowDashesForAModelTheOperatorHasNotSeenYet() {
        ExternalModel model = model("fresh");
        assertThat(LocalConsole.row(model)).containsExactly("default", "fresh", "-", "-", "-", "false", "-");
    }

    @Test
    void shouldShowPhaseApiEndpointInferenceAndTheLastTestOutcome() {
        ExternalModel model = model("served");
        model.getSpec().inference = new Inference();
        model.getSpec().inference.enabled = true;
        model.setStatus(new ExternalModelStatus());
        model.getStatus().phase = Phase.InferenceEnabled;
        model.getStatus().api = "OpenAIChatCompletions";
        model.getStatus().endpointHost = "127.0.0.1";
        model.getStatus().lastTest = new LastTest();
        model.getStatus().lastTest.time = Instant.parse("2026-11-27T07:18:19Z");
        model.getStatus().conditions.add(condition(ConditionType.TESTED, ConditionStatus.TRUE, "TestPassed"));

        assertThat(LocalConsole.row(model)).containsExactly("default", "served", "InferenceEnabled",
                "OpenAIChatCompletions", "127.0.0.1", "true", "passed 2026-11-27T07:18:19Z");

        model.getStatus().conditions.set(0, condition(ConditionType.TESTED, ConditionStatus.FALSE, "Unauthorized"));
        assertThat(LocalConsole.row(model).get(6)).isEqualTo("Unauthorized 2026-11-27T07:18:19Z");
    }

    @Test
    void shouldAlignColumnsUnderTheHeader() {
        String table = LocalConsole.table(List.of(
                List.of("default", "a-long-model-name", "Ready", "Custom", "example.com", "false", "-")));
        String[] lines = table.split(System.lineSeparator());
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("NAMESPACE   NAME                ");
        assertThat(lines[0].indexOf("PHASE")).isEqualTo(lines[1].indexOf("Ready"));
        assertThat(lines[0].indexOf("LAST TEST")).isEqualTo(lines[1].lastIndexOf("-"));
    }

    @Test
    void shouldSaySoWhenThereAreNoModels() {
        assertThat(LocalConsole.table(List.of())).contains("(no ExternalModels)");
    }

    private static ExternalModel model(String name) {
        ExternalModel model = new ExternalModel();
        model.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        model.setSpec(new ExternalModelSpec());
        return model;
    }

    private static Condition condition(ConditionType type, ConditionStatus status, String reason) {
        Condition condition = new Condition();
        condition.type = type;
        condition.status = status;
        condition.reason = reason;
        return condition;
    }
}
