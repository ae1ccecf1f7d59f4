package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/**
 * Where the model is served, and what: the spec of the newest generation whose connectivity test passed, so that an
 * edit is served only once its test passed, and an edit whose test fails leaves the tested one serving.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceStatus {

    @JsonPropertyDescription("Name of the Service in the model's namespace that routes to the gateway.")
    public String service;

    @JsonPropertyDescription("Base URL of the OpenAI-compatible API for this model, e.g. "
            + "http://support-llm-inference.team-a.svc:8080/v1.")
    public String url;

    @JsonPropertyDescription("The generation whose spec is served: the newest one whose connectivity test passed. "
            + "While a newer generation is tested, or after its test failed, this one stays served.")
    public Long generation;

    @JsonPropertyDescription("The served generation's spec as it was tested; the gateway calls the model with it. "
            + "spec.inference.enabled and spec.draft are read from spec itself, so switching inference off applies "
            + "at once, and Secret values are read at every call, so a rotation does too.")
    @PreserveUnknownFields
    public JsonNode spec;

    @JsonPropertyDescription("The response paths detected in the served generation's test.")
    public DetectedPaths detectedPaths;
}
