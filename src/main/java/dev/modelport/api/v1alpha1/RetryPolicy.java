package dev.modelport.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryPolicy {

    /** What is retried when {@link #on} is omitted: not Timeout, whose call the endpoint may still be billing. */
    public static final List<RetryOn> DEFAULT_ON =
            List.of(RetryOn.ConnectionFailure, RetryOn.RateLimited, RetryOn.ServerError);

    @JsonPropertyDescription("Further attempts after the first, from 0 to 5. Default 0.")
    @ValidationRule(value = Rules.RETRY_ATTEMPTS, message = Rules.RETRY_ATTEMPTS_MESSAGE)
    public Integer attempts;

    @JsonPropertyDescription("The failures that are retried: ConnectionFailure (no connection, or it broke before "
            + "an answer), RateLimited (HTTP 429), ServerError (HTTP 5xx), Timeout (no answer within the timeout, "
            + "or HTTP 408). Default: ConnectionFailure, RateLimited and ServerError. Nothing else is retried: "
            + "any other answer would be the same again.")
    @Size(max = 4)
    @ValidationRule(value = Rules.RETRY_ON_UNIQUE, message = Rules.RETRY_ON_UNIQUE_MESSAGE)
    public List<RetryOn> on;

    @JsonPropertyDescription("The wait before each retry: exponential from initial, doubling, with random jitter, "
            + "at most max. An answer's Retry-After is waited instead when it is at most max; a longer one is not "
            + "retried.")
    public Backoff backoff;
}
