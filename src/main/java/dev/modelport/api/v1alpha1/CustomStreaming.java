package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomStreaming {

    @JsonPropertyDescription("How the endpoint frames its stream: SSE (server-sent events) or NDJSON (one JSON "
            + "object per line).")
    @Required
    public StreamFormat format;

    @JsonPropertyDescription("JSON path to the text each event adds, e.g. $.token.text. An event where it selects "
            + "nothing adds no text. Detected into status.detectedPaths.deltaPath when spec.test.stream is true.")
    @Required
    @Size(min = 1, max = 512)
    public String deltaPath;

    @JsonPropertyDescription("JSON paths to the token counts, read from whichever event carries them; a later "
            + "count replaces an earlier one.")
    public StreamUsagePaths usage;

    @JsonPropertyDescription("JSON path to why generation stopped, read from whichever event carries it; mapped to "
            + "OpenAI's finish_reason (stop, length, content_filter).")
    @Size(max = 512)
    public String finishReasonPath;

    @JsonPropertyDescription("When the answer is complete. Default: when the endpoint ends its answer's body; "
            + "with doneWhen, a body that ends before it is a failure.")
    public DoneWhen doneWhen;
}
