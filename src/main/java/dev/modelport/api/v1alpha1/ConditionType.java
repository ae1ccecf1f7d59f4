package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The condition types of ExternalModel status, each with the exact string the API carries (renaming a constant does
 * not change it). Types are positive (True is good) except Reconciling and Stalled, which kstatus reads as "work in
 * progress" and "needs a spec or Secret change", and Degraded, "served but refusing calls"; those three are present
 * only while True.
 */
public enum ConditionType {
    /** The spec passed validation. */
    ACCEPTED("Accepted"),
    /** Every referenced Secret and key exists and may be used. */
    CREDENTIALS_RESOLVED("CredentialsResolved"),
    /** The connectivity test passed for the current inputs. */
    TESTED("Tested"),
    /** The model is served through its inference Service. */
    INFERENCE_ENABLED("InferenceEnabled"),
    /** The model does what it asks: the summary condition. */
    READY("Ready"),
    /** Work is in progress: a test runs, a retry waits, a Service is created, a failed reconcile is retried. */
    RECONCILING("Reconciling"),
    /** Only a spec or Secret change can help. */
    STALLED("Stalled"),
    /** A gateway replica's circuit breaker for the model is open. */
    DEGRADED("Degraded");

    private final String value;

    ConditionType(String value) {
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

    /**
     * The type a status names, or null for one this version does not know (a newer operator's): such a condition is
     * ignored rather than making the whole status unreadable, so an older gateway still serves the model.
     */
    @JsonCreator
    public static ConditionType of(String value) {
        for (ConditionType type : values()) {
            if (type.value.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
