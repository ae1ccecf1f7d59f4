package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExternalModelStatus {

    @JsonPropertyDescription("Draft: validated and tested, never served. Ready: confirmed and the test passed, "
            + "inference off. InferenceEnabled: confirmed, tested and served. Failed: invalid spec, missing "
            + "credentials or a failed test; the conditions say which and why.")
    public Phase phase;

    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Accepted, CredentialsResolved, Tested, InferenceEnabled, Ready, Reconciling and "
            + "Stalled, following the Kubernetes API conventions and kstatus.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The API the model speaks: Custom, OpenAIChatCompletions or AnthropicMessages "
            + "(shown by kubectl get).")
    public String api;

    @JsonPropertyDescription("Host of spec.endpoint (shown by kubectl get).")
    public String endpointHost;

    @JsonPropertyDescription("What the model offers its callers, as each /v1/models entry of the gateway shows it: "
            + "streaming, structuredOutput, dataGeneration, tools and the modalities served.")
    public Capabilities capabilities;

    @JsonPropertyDescription("JSON paths detected in the connectivity test's response; used for any path not "
            + "set in spec.configuration.custom.response.")
    public DetectedPaths detectedPaths;

    @JsonPropertyDescription("Result of the most recent connectivity test.")
    public LastTest lastTest;

    @JsonPropertyDescription("Where in-cluster applications call the model while inference is enabled.")
    public InferenceStatus inference;

    @JsonPropertyDescription("Gateway replicas whose circuit breaker for this model is open, one entry per replica, "
            + "written and removed by that replica (not by the operator); the Degraded condition sums them up.")
    @ListMapKeys("replica")
    public List<OpenCircuit> openCircuits;

    /** A copy of this status without openCircuits: the part the operator writes, the gateway replicas own the rest. */
    public ExternalModelStatus withoutOpenCircuits() {
        ExternalModelStatus own = new ExternalModelStatus();
        own.phase = phase;
        own.observedGeneration = observedGeneration;
        own.conditions = conditions;
        own.api = api;
        own.endpointHost = endpointHost;
        own.capabilities = capabilities;
        own.detectedPaths = detectedPaths;
        own.lastTest = lastTest;
        own.inference = inference;
        return own;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExternalModelStatus that && Objects.equals(phase, that.phase)
                && Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(conditions, that.conditions) && Objects.equals(api, that.api)
                && Objects.equals(endpointHost, that.endpointHost) && Objects.equals(capabilities, that.capabilities)
                && Objects.equals(detectedPaths, that.detectedPaths)
                && Objects.equals(lastTest, that.lastTest) && Objects.equals(inference, that.inference)
                && Objects.equals(openCircuits, that.openCircuits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, observedGeneration, conditions, api, endpointHost, capabilities, detectedPaths,
                lastTest, inference, openCircuits);
    }
}
