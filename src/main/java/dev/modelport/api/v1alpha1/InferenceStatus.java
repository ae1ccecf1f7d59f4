package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.Objects;

/**
 * Where the model is served, and what: the spec of the newest generation whose connectivity test passed, so that an
 * edit is served only once its test passed, and an edit whose test fails leaves the tested one serving.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceStatus {

    /** Fields this version does not know are left out; a value of another type makes the spec unreadable. */
    private static final ObjectReader SERVED_SPEC = ApiJson.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /** Serving this generation's spec, tested with these detected paths, through this Service. */
    public static InferenceStatus of(String service, String url, long generation, ExternalModelSpec spec,
            DetectedPaths detectedPaths) {
        InferenceStatus status = new InferenceStatus();
        status.service = service;
        status.url = url;
        status.generation = generation;
        status.spec = ApiJson.MAPPER.valueToTree(spec);
        status.detectedPaths = detectedPaths;
        return status;
    }

    /** The served generation's spec, read from {@link #spec}. */
    public ExternalModelSpec readSpec() throws JsonProcessingException {
        return SERVED_SPEC.treeToValue(spec, ExternalModelSpec.class);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InferenceStatus that && Objects.equals(service, that.service)
                && Objects.equals(url, that.url) && Objects.equals(generation, that.generation)
                && Objects.equals(spec, that.spec) && Objects.equals(detectedPaths, that.detectedPaths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, url, generation, spec, detectedPaths);
    }
}
