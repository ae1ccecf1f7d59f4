package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonValue;

/** A condition's status, as metav1.Condition spells it. */
public enum ConditionStatus {
    TRUE("True"),
    FALSE("False"),
    UNKNOWN("Unknown");

    private final String value;

    ConditionStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** As the API spells it, so that messages and logs read as kubectl shows them. */
    @Override
    public String toString() {
        return value;
    }

    public static ConditionStatus of(boolean value) {
        return value ? TRUE : FALSE;
    }
}
