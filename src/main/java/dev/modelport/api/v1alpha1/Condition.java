package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.time.Instant;
import java.util.Objects;

/** One observation of the object's state, as metav1.Condition defines it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @JsonPropertyDescription("Condition type: Accepted, CredentialsResolved, Tested, InferenceEnabled, Ready, "
            + "Reconciling or Stalled.")
    @SchemaFrom(type = String.class)
    public ConditionType type;

    @JsonPropertyDescription("True, False or Unknown.")
    @SchemaFrom(type = String.class)
    public ConditionStatus status;

    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    public Long observedGeneration;

    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    @Rfc3339
    @SchemaFrom(type = String.class)
    public Instant lastTransitionTime;

    @JsonPropertyDescription("Machine-readable CamelCase reason for the status.")
    public String reason;

    @JsonPropertyDescription("Human-readable explanation; never contains a credential or an upstream body.")
    public String message;

    @Override
    public boolean equals(Object other) {
        return other instanceof Condition that && type == that.type && status == that.status
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(lastTransitionTime, that.lastTransitionTime) && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
    }

    @Override
    public String toString() {
        return type + "=" + status + "/" + reason;
    }
}
