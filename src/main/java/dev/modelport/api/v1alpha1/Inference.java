package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Inference {

    @JsonPropertyDescription("The inference toggle: serve this model through the gateway at "
            + "<name>-inference.<namespace>.svc once it is confirmed (draft false) and its test passed. "
            + "Default false.")
    public Boolean enabled;

    @JsonPropertyDescription("Time limit of each call to the endpoint through the gateway, as a duration such as "
            + "60s: a complete call as a whole; a streamed call to its first byte and then between two reads. "
            + "Each retry gets the same limit. Default: the gateway's modelport.gateway.upstream-timeout (60s), "
            + "at most 10m.")
    @Size(max = 32)
    @Pattern(TestInput.DURATION_PATTERN)
    public String timeout;

    @JsonPropertyDescription("Retries of a failed call, before any byte of the answer went to the caller. "
            + "Off (no retry) when omitted.")
    public RetryPolicy retry;

    @JsonPropertyDescription("Stops calling an endpoint that keeps failing: after consecutiveFailures failed calls "
            + "in a row the gateway answers 503 model_unavailable at once, without calling it, for openFor; then "
            + "one trial call decides whether it closes again. Each gateway replica keeps its own. Off when "
            + "omitted.")
    public CircuitBreakerPolicy circuitBreaker;

    @JsonPropertyDescription("Names of other ExternalModels in this namespace, tried in order when this one "
            + "cannot answer: its retries are spent on a connection failure, timeout, 429 or 5xx, its circuit "
            + "is open, it is at maxConcurrentRequests, or it is not servable. Only fallbacks the caller may "
            + "invoke and that are served are tried, each with its own settings; their own fallbacks are not "
            + "followed. Never after the first byte went to the caller.")
    @Size(max = 5)
    @ValidationRule(value = Rules.FALLBACKS_UNIQUE, message = Rules.FALLBACKS_UNIQUE_MESSAGE)
    public List<@Size(min = 1, max = 253) @Pattern(SecretReference.NAME_PATTERN) String> fallbacks;

    @JsonPropertyDescription("Calls to this model each gateway replica runs at once, from 1 to 10000; beyond it "
            + "a call is answered 429 with Retry-After (or handed to a fallback). Unbounded when omitted.")
    @ValidationRule(value = Rules.MAX_CONCURRENT_REQUESTS, message = Rules.MAX_CONCURRENT_REQUESTS_MESSAGE)
    public Integer maxConcurrentRequests;
}
