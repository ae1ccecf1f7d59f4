package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = Rules.DONE_WHEN_ONE, message = Rules.DONE_WHEN_ONE_MESSAGE)
@ValidationRule(value = Rules.DONE_WHEN_VALUE_WITH_PATH, message = Rules.DONE_WHEN_VALUE_WITH_PATH_MESSAGE)
public class DoneWhen {

    @JsonPropertyDescription("The answer is complete at an event whose whole data (SSE) or line (NDJSON) is this "
            + "text, e.g. [DONE]. Exactly one of sentinel or path.")
    @Size(min = 1, max = 256)
    public String sentinel;

    @JsonPropertyDescription("The answer is complete at the event where this JSON path selects value, or, without "
            + "value, selects anything but null, e.g. $.done. Exactly one of sentinel or path.")
    @Size(max = 512)
    public String path;

    @JsonPropertyDescription("The value path must select (compared as text: true, 42 and \"stop\" match true, 42 "
            + "and stop); only with path.")
    @Size(min = 1, max = 256)
    public String value;
}
