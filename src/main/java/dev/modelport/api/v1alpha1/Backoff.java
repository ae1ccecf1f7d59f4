package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Backoff {

    public static final String DEFAULT_INITIAL = "250ms";
    public static final String DEFAULT_MAX = "5s";

    @JsonPropertyDescription("The wait before the first retry, as a duration such as 250ms; it doubles for each "
            + "further one. Default 250ms, at most 1m.")
    @Size(max = 32)
    @Pattern(TestInput.DURATION_PATTERN)
    public String initial;

    @JsonPropertyDescription("The longest wait before a retry, and the longest Retry-After honoured, as a duration "
            + "such as 5s. Default 5s, at most 5m.")
    @Size(max = 32)
    @Pattern(TestInput.DURATION_PATTERN)
    public String max;
}
