package dev.modelport.testing;

import dev.modelport.api.v1alpha1.Condition;
import dev.modelport.api.v1alpha1.ConditionType;
import dev.modelport.api.v1alpha1.Conditions;
import dev.modelport.api.v1alpha1.ExternalModel;
import dev.modelport.api.v1alpha1.Phase;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractObjectAssert;

/**
 * AssertJ assertions on a model's status whose failures say what the status held: every condition with its status,
 * reason and message, and the phase.
 */
public final class ModelAssert extends AbstractObjectAssert<ModelAssert, ExternalModel> {

    private ModelAssert(ExternalModel actual) {
        super(actual, ModelAssert.class);
    }

    public static ModelAssert assertThatModel(ExternalModel actual) {
        return new ModelAssert(actual);
    }

    /** The model's condition of this type (as the API spells it, "Ready"), or null when its status has none. */
    public static Condition condition(ExternalModel model, String type) {
        ConditionType known = ConditionType.of(type);
        if (known == null) {
            throw new IllegalArgumentException("no condition type " + type + "; the types are "
                    + Arrays.toString(ConditionType.values()));
        }
        return model == null || model.getStatus() == null ? null : Conditions.find(model.getStatus().conditions, known);
    }

    /** Whether the model has the condition with this status ("True", "False" or "Unknown"). */
    public static boolean is(ExternalModel model, String type, String status) {
        Condition condition = condition(model, type);
        return condition != null && condition.status != null && status.equals(condition.status.value());
    }

    public ModelAssert hasPhase(Phase phase) {
        isNotNull();
        Phase actualPhase = actual.getStatus() == null ? null : actual.getStatus().phase;
        if (actualPhase != phase) {
            failWithMessage("Expected %s in phase %s but it is in phase %s; %s", name(), phase, actualPhase,
                    describe());
        }
        return this;
    }

    /** The condition has this status, whatever its reason. */
    public ModelAssert hasCondition(String type, String status) {
        return hasCondition(type, status, null);
    }

    /** The condition has this status and, unless null, this reason. */
    public ModelAssert hasCondition(String type, String status, String reason) {
        isNotNull();
        Condition condition = condition(actual, type);
        if (!is(actual, type, status) || reason != null && !reason.equals(condition.reason)) {
            failWithMessage("Expected %s to have %s=%s%s but %s", name(), type, status,
                    reason == null ? "" : " (" + reason + ")", describe());
        }
        return this;
    }

    public ModelAssert hasNoCondition(String type) {
        isNotNull();
        if (condition(actual, type) != null) {
            failWithMessage("Expected %s to have no %s condition but %s", name(), type, describe());
        }
        return this;
    }

    private String name() {
        return actual.getMetadata().getNamespace() + "/" + actual.getMetadata().getName();
    }

    private String describe() {
        List<Condition> conditions = actual.getStatus() == null ? null : actual.getStatus().conditions;
        if (conditions == null || conditions.isEmpty()) {
            return "it has no conditions";
        }
        return "its conditions are:" + conditions.stream()
                .map(c -> "%n  %s=%s (%s): %s".formatted(c.type, c.status, c.reason, Objects.toString(c.message, "")))
                .collect(Collectors.joining());
    }
}
