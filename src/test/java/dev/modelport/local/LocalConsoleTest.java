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
import java.io.PrintWriter;
import java.io.StringWriter;
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

    private final StringWriter written = new StringWriter();
    private final LocalConsole console = new LocalConsole(new PrintWriter(written));

    private List<String> lines() {
        List<String> lines = List.of(written.toString().split(System.lineSeparator()));
        written.getBuffer().setLength(0);
        return lines;
    }

    @Test
    void shouldPrintTheTableOnceSortedAndAlignedUnderTheHeader() {
        console.printAll(List.of(model("b"), model("a-long-model-name")));

        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("NAMESPACE   NAME                PHASE");
        assertThat(lines.get(1)).startsWith("default     a-long-model-name   -");
        assertThat(lines.get(2)).startsWith("default     b                   -");
        assertThat(lines.get(0).indexOf("LAST TEST")).isEqualTo(lines.get(1).lastIndexOf("-"));
    }

    /** As kubectl get -w: after the table, only the rows that changed, and the ones deleted. */
    @Test
    void shouldThenPrintOnlyTheRowsThatChangedOrWereDeleted() {
        ExternalModel model = model("support");
        console.printAll(List.of(model, model("other")));
        lines();

        console.changed(model("support"));
        assertThat(written.toString()).as("a write that changes nothing shown").isEmpty();

        model.setStatus(new ExternalModelStatus());
        model.getStatus().phase = Phase.Ready;
        console.changed(model);
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line).startsWith("default     support   Ready"));

        console.deleted(model);
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line).contains("support", "(deleted)"));
        console.deleted(model);
        assertThat(written.toString()).as("deleted once").isEmpty();
    }

    @Test
    void shouldPrintNothingBeforeTheTable() {
        console.changed(model("early"));

        assertThat(written.toString()).isEmpty();
    }

    @Test
    void shouldSaySoWhenThereAreNoModels() {
        console.printAll(List.of());

        assertThat(written.toString()).contains("NAMESPACE", "(no ExternalModels)");
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
