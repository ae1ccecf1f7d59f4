package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResponsePaths {

    @JsonPropertyDescription("JSON path to the answer text, e.g. $.choices[0].message.content.")
    @Size(max = 512)
    public String outputPath;

    @JsonPropertyDescription("JSON path to the input (prompt) token count, e.g. $.usage.prompt_tokens.")
    @Size(max = 512)
    public String inputTokensPath;

    @JsonPropertyDescription("JSON path to the output (completion) token count, e.g. $.usage.completion_tokens.")
    @Size(max = 512)
    public String outputTokensPath;
}
