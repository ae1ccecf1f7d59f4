package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TestInput {

    /** A Go-style duration such as 30s, 1m30s or 500ms. */
    public static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h))+$";

    @JsonPropertyDescription("The sample prompt sent by the connectivity test.")
    @Required
    @Size(min = 1, max = 32768)
    public String prompt;

    @JsonPropertyDescription("Sample system prompt; only for models with the systemPrompt variable or a provider "
            + "structure.")
    @Size(max = 32768)
    public String systemPrompt;

    @JsonPropertyDescription("Sample examples (input/output pairs); only for models with the examples variable or "
            + "a provider structure.")
    @Size(max = 32)
    public List<Example> examples;

    @JsonPropertyDescription("Sample values of custom variables, by name; each must match the declared type.")
    @Size(max = 32)
    public Map<String, JsonNode> variables;

    @JsonPropertyDescription("Time limit of the whole test call, as a duration such as 30s or 1m. Default 30s, "
            + "at most 10m.")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    public String timeout;

    @JsonPropertyDescription("Also make a streamed call, for a custom model with streaming: its events must "
            + "read with the model's streaming paths, and detection proposes status.detectedPaths.deltaPath from "
            + "them. Default false.")
    public Boolean stream;

    @JsonPropertyDescription("Re-run the test this often, as a duration such as 1h. Off when omitted: tests may "
            + "cost money.")
    @Size(max = 32)
    @Pattern(DURATION_PATTERN)
    public String retestInterval;
}
