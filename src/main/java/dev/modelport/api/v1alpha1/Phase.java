package dev.modelport.api.v1alpha1;

/** The summary state of an ExternalModel; the conditions carry the detail. */
public enum Phase {
    Draft,
    Ready,
    InferenceEnabled,
    Failed
}
