package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceStatus {

    @JsonPropertyDescription("Name of the Service in the model's namespace that routes to the gateway.")
    public String service;

    @JsonPropertyDescription("Base URL of the OpenAI-compatible API for this model, e.g. "
            + "http://support-llm-inference.team-a.svc:8080/v1.")
    public String url;
}
