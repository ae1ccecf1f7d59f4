package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomConfiguration {

    @JsonPropertyDescription("The variables a caller may pass. prompt is always declared; systemPrompt and "
            + "examples are toggles; custom adds typed variables.")
    public Variables variables;

    @JsonPropertyDescription("The JSON request body with {{variable}} placeholders. Inside a JSON string a "
            + "placeholder inserts the value as escaped text (\"Q: {{prompt}}\"); standing as a whole value it "
            + "inserts a JSON literal (\"temperature\": {{temperature}}, \"examples\": {{examples}}). "
            + "{{prompt}} must be used. {{stream}} is a built-in Boolean: true when the gateway streams the call "
            + "(see streaming), else false.")
    @Required
    @Size(min = 1, max = 32768)
    public String body;

    @JsonPropertyDescription("JSON paths to the answer and token counts in the response. Any path left out is "
            + "detected from the connectivity test's response and reported in status.detectedPaths.")
    public ResponsePaths response;

    @JsonPropertyDescription("Present when the endpoint can stream its answer: how its stream is framed and read. "
            + "Without it a streamed chat completion calls the endpoint once and sends the answer as one chunk.")
    public CustomStreaming streaming;
}
