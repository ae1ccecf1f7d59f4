package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CircuitBreakerPolicy {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final String DEFAULT_OPEN_FOR = "30s";

    @JsonPropertyDescription("Failed calls in a row that open the circuit, from 1 to 100: connection failures, "
            + "timeouts, 429, 408 and 5xx answers count; other answers neither count nor reset. Default 5.")
    @ValidationRule(value = Rules.CONSECUTIVE_FAILURES, message = Rules.CONSECUTIVE_FAILURES_MESSAGE)
    public Integer consecutiveFailures;

    @JsonPropertyDescription("How long an open circuit answers 503 without calling the endpoint, as a duration "
            + "such as 30s; then one trial call closes it again or keeps it open for another openFor. Default 30s, "
            + "from 1s to 1h.")
    @Size(max = 32)
    @Pattern(TestInput.DURATION_PATTERN)
    public String openFor;
}
