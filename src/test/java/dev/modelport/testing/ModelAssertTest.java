package dev.modelport.testing;

import static dev.modelport.testing.ModelAssert.assertThatModel;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionStatus;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.ExternalModelStatus;
import dev.modelport.api.v1alpha1.Phase;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A status assertion that fails says what the status held. */
class ModelAssertTest {

    private static ExternalModel failed() {
        ExternalModel model = ModelYaml.custom("support").namespace("team-a").model();
        model.setStatus(new ExternalModelStatus());
        model.getStatus().phase = Phase.Failed;
        model.getStatus().conditions = List.of(condition("Accepted", "True", "Valid", null),
                condition("Tested", "False", "HTTPStatus", "endpoint answered HTTP 401"));
        return model;
    }

    private static Condition condition(String type, String status, String reason, String message) {
        Condition condition = new Condition();
        condition.type = ConditionType.of(type);
        condition.status = ConditionStatus.valueOf(status.toUpperCase(Locale.ROOT));
        condition.reason = reason;
        condition.message = message;
        return condition;
    }

    @Test
    void shouldPassOnWhatTheStatusHolds() {
        assertThatModel(failed()).hasPhase(Phase.Failed).hasCondition("Accepted", "True")
                .hasCondition("Tested", "False", "HTTPStatus").hasNoCondition("Stalled");
    }

    @Test
    void shouldNameEveryConditionWhenOneDiffers() {
        assertThatThrownBy(() -> assertThatModel(failed()).hasCondition("Tested", "True"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected team-a/support to have Tested=True but its conditions are:")
                .hasMessageContaining("Accepted=True (Valid)")
                .hasMessageContaining("Tested=False (HTTPStatus): endpoint answered HTTP 401");
        assertThatThrownBy(() -> assertThatModel(failed()).hasCondition("Tested", "False", "Timeout"))
                .hasMessageContaining("to have Tested=False (Timeout) but");
        assertThatThrownBy(() -> assertThatModel(failed()).hasNoCondition("Accepted"))
                .hasMessageContaining("to have no Accepted condition but its conditions are:");
        assertThatThrownBy(() -> assertThatModel(failed()).hasCondition("Stalled", "True"))
                .hasMessageContaining("to have Stalled=True but");
    }

    @Test
    void shouldRefuseATypeTheApiDoesNotHave() {
        assertThatThrownBy(() -> assertThatModel(failed()).hasCondition("Redy", "True"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("no condition type Redy");
    }

    @Test
    void shouldNameThePhaseItIsIn() {
        assertThatThrownBy(() -> assertThatModel(failed()).hasPhase(Phase.Ready))
                .hasMessageContaining("Expected team-a/support in phase Ready but it is in phase Failed");
    }
}
