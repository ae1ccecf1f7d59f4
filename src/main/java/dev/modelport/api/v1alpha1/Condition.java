package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One observation of the object's state, as metav1.Condition defines it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @JsonPropertyDescription("Condition type: Accepted, CredentialsResolved, Tested, InferenceEnabled, Ready, "
            + "Reconciling or Stalled.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public String status;

    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    public Long observedGeneration;

    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("Machine-readable CamelCase reason for the status.")
    public String reason;

    @JsonPropertyDescription("Human-readable explanation; never contains a credential or an upstream body.")
    public String message;
}
