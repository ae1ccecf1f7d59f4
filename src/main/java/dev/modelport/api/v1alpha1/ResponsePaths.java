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

    @JsonPropertyDescription("JSON path to why generation stopped, e.g. $.details.finish_reason; mapped to OpenAI's "
            + "finish_reason (stop, length, content_filter).")
    @Size(max = 512)
    public String finishReasonPath;

    @JsonPropertyDescription("JSON path to the error message in an error answer (4xx), e.g. $.error; the gateway "
            + "reports it to the caller, cut short and without control characters.")
    @Size(max = 512)
    public String errorMessagePath;

    @JsonPropertyDescription("JSON path to a generated image, as base64 data or an http(s) URL, e.g. "
            + "$.images[0]. Declaring it serves the model on /v1/images/generations (modality TextToImage).")
    @Size(max = 512)
    public String imagePath;
}
