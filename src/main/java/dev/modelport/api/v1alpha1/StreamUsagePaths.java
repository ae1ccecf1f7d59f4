package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StreamUsagePaths {

    @JsonPropertyDescription("JSON path to the input token count in a streamed event, read from whichever event "
            + "carries it, e.g. $.details.prompt_tokens.")
    @Size(max = 512)
    public String inputTokensPath;

    @JsonPropertyDescription("JSON path to the output token count in a streamed event, read from whichever event "
            + "carries it, e.g. $.details.generated_tokens.")
    @Size(max = 512)
    public String outputTokensPath;
}
